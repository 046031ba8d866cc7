"""The editorial workflow: concept → ter beoordeling → gepubliceerd.

The workflow ("Redactie") and its four-eyes task live in ``cms.review.workflow``, because
the kennisbank, the handleidingen and the nieuwsbrieven share them; the
kennisbank registers its index as a reviewed section in ``kennisbank.roles``.
"""

from cms.review.workflow import TASK_NAME, WORKFLOW_NAME, ensure_editorial_workflow

__all__ = ["TASK_NAME", "WORKFLOW_NAME", "ensure_editorial_workflow"]
