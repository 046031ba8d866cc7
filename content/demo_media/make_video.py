"""Regenerate the demo instruction video, its captions and transcript (not run by the demo).

The demo ships the output (``loketmodule.webm``, ``loketmodule.vtt``) so ``make run``
needs neither ffmpeg nor a speech synthesiser. To change the video, edit ``SLIDES``
and run, on a machine with Debian's ``espeak-ng`` and the ``imageio-ffmpeg`` and
``Pillow`` packages (in any virtualenv):

    python content/demo_media/make_video.py

Each slide is one spoken sentence (Dutch voice of espeak-ng) over a still image; the
captions track has one cue per slide with the slide's exact timing.
"""

import json
import subprocess
import tempfile
import wave
from pathlib import Path

import imageio_ffmpeg
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SIZE = (640, 360)
SLIDES = json.loads((HERE / "slides.json").read_text(encoding="utf-8"))


def slide_image(path, title, text):
    image = Image.new("RGB", SIZE, "#154273")
    draw = ImageDraw.Draw(image)
    draw.text(
        (32, 32),
        "SWV-portaal · instructie loketmodule",
        fill="#c9d6e8",
        font=ImageFont.truetype(FONT, 16),
    )
    draw.text((32, 90), title, fill="white", font=ImageFont.truetype(BOLD, 30))
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) > 40:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    for n, row in enumerate(lines):
        draw.text((32, 150 + n * 30), row, fill="white", font=ImageFont.truetype(FONT, 22))
    image.save(path)


def duration(wav_path):
    with wave.open(str(wav_path)) as handle:
        return handle.getnframes() / handle.getframerate()


def timestamp(seconds):
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def main():
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        parts, cues, start = [], [], 0.0
        for n, slide in enumerate(SLIDES):
            png, wav, part = tmp / f"{n}.png", tmp / f"{n}.wav", tmp / f"{n}.webm"
            slide_image(png, slide["title"], slide["text"])
            subprocess.run(  # noqa: S603 - fixed programs, our own text
                ["espeak-ng", "-v", "nl", "-s", "150", "-w", str(wav), slide["spoken"]],  # noqa: S607
                check=True,
            )
            length = duration(wav) + 0.6
            subprocess.run(  # noqa: S603
                [
                    ffmpeg,
                    "-y",
                    "-loglevel",
                    "error",
                    "-loop",
                    "1",
                    "-framerate",
                    "2",
                    "-i",
                    str(png),
                    "-i",
                    str(wav),
                    "-t",
                    f"{length:.3f}",
                    "-af",
                    "apad",
                    "-c:v",
                    "libvpx-vp9",
                    "-b:v",
                    "60k",
                    "-pix_fmt",
                    "yuv420p",
                    "-c:a",
                    "libopus",
                    "-b:a",
                    "24k",
                    str(part),
                ],
                check=True,
            )
            parts.append(part)
            cues.append((start, start + length, slide["spoken"]))
            start += length
        listing = tmp / "parts.txt"
        listing.write_text("".join(f"file '{p}'\n" for p in parts))
        subprocess.run(  # noqa: S603
            [
                ffmpeg,
                "-y",
                "-loglevel",
                "error",
                "-f",
                "concat",
                "-safe",
                "0",
                "-i",
                str(listing),
                "-c",
                "copy",
                str(HERE / "loketmodule.webm"),
            ],
            check=True,
        )
    vtt = ["WEBVTT", ""]
    for n, (begin, end, text) in enumerate(cues, 1):
        vtt += [str(n), f"{timestamp(begin)} --> {timestamp(end)}", text, ""]
    (HERE / "loketmodule.vtt").write_text("\n".join(vtt), encoding="utf-8")


if __name__ == "__main__":
    main()
