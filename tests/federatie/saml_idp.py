"""A small but real SAML 2.0 identity provider for the tests, on pysaml2's ``Server``.

Run as ``python -m tests.federatie.saml_idp --port 8852 --sp-metadata sp.xml``: it
listens on 127.0.0.1 only, makes its signing key at start (or keeps it in
``--key-dir``, as the demo does; ``--sp-metadata`` may then be the portal's URL),
serves its metadata at ``/metadata``, single sign-on over HTTP-Redirect at ``/sso``
(it checks the SP's signature on the AuthnRequest, approves at once as the user the
test chose, and answers with pysaml2's auto-submitting HTTP-POST form) and single
logout at ``/slo``. It stops by itself after ``--lifetime`` seconds.

The tests steer it through ``POST /_scenario`` (JSON): who logs in (``uid``,
``mail``, ``persistent_id``), the ``AuthnContextClassRef`` it states, and how it
misbehaves on purpose: another ``audience``, an ``expired`` assertion, signing with
a key its metadata does not name (``sign_with_other_key``), or reusing an
``assertion_id``. The misbehaviour goes through pysaml2's own response code, so the
portal sees what a broken or hostile IdP could really send.
"""

import argparse
import os
import tempfile
import threading
from datetime import UTC, datetime, timedelta

import saml2.assertion
from flask import Flask, jsonify, request
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from federatie.saml_keys import _generate

PASSWORD_CLASS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
MFA_CLASS = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"
DEFAULT_SCENARIO = {
    "uid": "ib-a",
    "mail": "ib@school-a.example",
    "persistent_id": "idp-persoon-1",
    "class_ref": PASSWORD_CLASS,
    "audience": None,
    "expired": False,
    "sign_with_other_key": False,
    "assertion_id": None,
}
state = {"scenario": dict(DEFAULT_SCENARIO)}
servers = {}
app = Flask(__name__)


def _stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# The scenario's misbehaviour, through pysaml2's own assertion code.
_conditions = saml2.assertion.Policy.conditions
_not_on_or_after = saml2.assertion.Policy.not_on_or_after
_assertion_factory = saml2.assertion.assertion_factory


def _scenario_conditions(self, sp_entity_id):
    conditions = _conditions(self, sp_entity_id)
    scenario = state["scenario"]
    if scenario["audience"]:
        conditions.audience_restriction[0].audience[0].text = scenario["audience"]
    if scenario["expired"]:
        now = datetime.now(UTC)
        conditions.not_before = _stamp(now - timedelta(hours=2))
        conditions.not_on_or_after = _stamp(now - timedelta(hours=1))
    return conditions


def _scenario_not_on_or_after(self, sp_entity_id):
    if state["scenario"]["expired"]:
        return _stamp(datetime.now(UTC) - timedelta(hours=1))
    return _not_on_or_after(self, sp_entity_id)


def _scenario_assertion(**kwargs):
    assertion = _assertion_factory(**kwargs)
    if state["scenario"]["assertion_id"]:
        assertion.id = state["scenario"]["assertion_id"]
    return assertion


saml2.assertion.Policy.conditions = _scenario_conditions
saml2.assertion.Policy.not_on_or_after = _scenario_not_on_or_after
saml2.assertion.assertion_factory = _scenario_assertion


def _config(base, key_file, cert_file, sp_metadata):
    config = IdPConfig()
    config.load(
        {
            "entityid": f"{base}/metadata",
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "key_file": key_file,
            "cert_file": cert_file,
            "metadata": {"local": [sp_metadata]},
            "service": {
                "idp": {
                    "name": "Test-IdP van de school",
                    "endpoints": {
                        "single_sign_on_service": [(f"{base}/sso", BINDING_HTTP_REDIRECT)],
                        "single_logout_service": [(f"{base}/slo", BINDING_HTTP_REDIRECT)],
                    },
                    "want_authn_requests_signed": True,
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT],
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 5},
                            "attribute_restrictions": None,
                            "name_form": "urn:oasis:names:tc:SAML:2.0:attrname-format:uri",
                        }
                    },
                    "signing_algorithm": SIG_RSA_SHA256,
                    "digest_algorithm": DIGEST_SHA256,
                }
            },
        }
    )
    return config


@app.get("/metadata")
def metadata():
    return str(entity_descriptor(servers["good"].config)), 200, {"Content-Type": "text/xml"}


@app.get("/sso")
def sso():
    good = servers["good"]
    parsed = good.parse_authn_request(
        request.args["SAMLRequest"],
        BINDING_HTTP_REDIRECT,
        relay_state=request.args.get("RelayState"),
        sigalg=request.args.get("SigAlg"),
        signature=request.args.get("Signature"),
    )
    authn_request = parsed.message
    scenario = state["scenario"]
    signer = servers["other" if scenario["sign_with_other_key"] else "good"]
    identity = {"uid": [scenario["uid"]], "mail": [scenario["mail"]]}
    if scenario["persistent_id"]:
        name_id = NameID(format=NAMEID_FORMAT_PERSISTENT, text=scenario["persistent_id"])
    else:
        name_id = NameID(format=NAMEID_FORMAT_TRANSIENT, text="tijdelijk-" + os.urandom(6).hex())
    response = signer.create_authn_response(
        identity,
        in_response_to=authn_request.id,
        destination=authn_request.assertion_consumer_service_url,
        sp_entity_id=authn_request.issuer.text,
        name_id=name_id,
        authn={"class_ref": scenario["class_ref"], "authn_auth": good.config.entityid},
        sign_assertion=True,
        sign_response=False,
    )
    http_args = signer.apply_binding(
        BINDING_HTTP_POST,
        str(response),
        authn_request.assertion_consumer_service_url,
        request.args.get("RelayState", ""),
        response=True,
    )
    return http_args["data"]


@app.get("/slo")
def slo():
    good = servers["good"]
    parsed = good.parse_logout_request(  # the SP's signature is checked here too
        request.args["SAMLRequest"],
        BINDING_HTTP_REDIRECT,
        relay_state=request.args.get("RelayState"),
        sigalg=request.args.get("SigAlg"),
        signature=request.args.get("Signature"),
    )
    response = good.create_logout_response(parsed.message, [BINDING_HTTP_REDIRECT])
    destination = good.metadata.single_logout_service(
        parsed.message.issuer.text, BINDING_HTTP_REDIRECT, "spsso"
    )[0]["location"]
    http_args = good.apply_binding(
        BINDING_HTTP_REDIRECT,
        str(response),
        destination,
        request.args.get("RelayState", ""),
        response=True,
        sign=True,
        sigalg=SIG_RSA_SHA256,
    )
    return "", 302, {"Location": dict(http_args["headers"])["Location"]}


@app.post("/_scenario")
def scenario():
    state["scenario"] = {**DEFAULT_SCENARIO, **(request.get_json() or {})}
    return jsonify(state["scenario"])


@app.get("/_health")
def health():
    return "ok"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--sp-metadata", required=True)
    parser.add_argument("--lifetime", type=int, default=900)
    parser.add_argument("--key-dir", help="keep the signing key here (the demo's IdP)")
    parser.add_argument("--mail", help="who logs in unless a scenario says otherwise")
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    if args.mail:
        DEFAULT_SCENARIO["mail"] = args.mail
        state["scenario"] = dict(DEFAULT_SCENARIO)
    sp_metadata = args.sp_metadata
    if sp_metadata.startswith("http://127.0.0.1:"):  # the demo portal on loopback
        import requests

        sp_metadata = os.path.join(tempfile.mkdtemp(prefix="test-idp-sp-"), "sp.xml")
        with open(sp_metadata, "w") as out:
            out.write(requests.get(args.sp_metadata, timeout=10).text)
    temporary = tempfile.mkdtemp(prefix="test-idp-")
    for name in ("good", "other"):
        folder = args.key_dir if args.key_dir and name == "good" else temporary
        key_file, cert_file = f"{folder}/{name}.key", f"{folder}/{name}.crt"
        if not os.path.exists(key_file):
            _generate(key_file, cert_file)
        servers[name] = Server(config=_config(base, key_file, cert_file, sp_metadata))
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    from werkzeug.serving import run_simple

    run_simple("127.0.0.1", args.port, app, threaded=False)


if __name__ == "__main__":
    main()
