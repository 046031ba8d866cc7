"""Choices shared by the help-centre pages (kennisbank articles and handleidingen)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Who a help text is written for: users of the school module, of the loket, or everybody."""

    IEDEREEN = "iedereen", _("Iedereen")
    SCHOOLMODULE = "schoolmodule", _("Schoolmodule")
    LOKETMODULE = "loketmodule", _("Loketmodule")

    @classmethod
    def matching(cls, audience):
        """The audiences a reader of ``audience`` should see: their own and "iedereen"."""
        if not audience or audience == cls.IEDEREEN:
            return list(cls.values)
        return [audience, cls.IEDEREEN]
