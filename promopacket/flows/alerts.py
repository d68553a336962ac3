"""A Prefect automation that calls a webhook when a promopacket run fails or has problems.

    python -m promopacket.flows.alerts https://hooks.slack.com/…   (or: make alerts WEBHOOK=…)

Needs a real server (PREFECT_API_URL). It saves a Webhook block `promopacket-alerts` and
creates (or replaces) the automation `promopacket-run-problems`: on the events
`prefect.flow-run.Failed`, `prefect.flow-run.Crashed` and `prefect.flow-run.Completed with
problems` of the flow build-cohort, POST a Slack-style JSON body
`{"text": …}` with the run's name, state, counts and page (or id). The state message holds counts
only, so no name or statement leaves the machine through it.
"""

from __future__ import annotations

import os
import sys

from promopacket.run.outcome import FAILED, WITH_PROBLEMS

AUTOMATION = "promopacket-run-problems"
BLOCK = "promopacket-alerts"
FLOWS = ["build-cohort"]
EVENTS = [f"prefect.flow-run.{name}" for name in (FAILED, WITH_PROBLEMS, "Crashed")]
# Jinja, rendered by the server with the event's flow run; `tojson` keeps the body valid JSON.
PAYLOAD = (
    '{"text": {{ ("promopacket: " ~ flow.name ~ " run \'" ~ flow_run.name ~ "\' ended "'
    ' ~ flow_run.state.name ~ ": " ~ flow_run.state.message ~ " — "'
    ' ~ ((flow_run|ui_url) or ("flow run " ~ flow_run.id)))|tojson }}}'
)  # the run's page when the server knows its UI address (PREFECT_UI_URL), else its id


def ensure_problem_alert(webhook_url: str):
    """Create or replace the automation; returns it (with its id)."""
    # Prefect's client API, only when an alert is being set up
    from prefect.automations import Automation, CallWebhook, EventTrigger, Posture
    from prefect.blocks.webhook import Webhook
    from prefect.client.orchestration import get_client

    block_id = Webhook(url=webhook_url).save(BLOCK, overwrite=True)
    with get_client(sync_client=True) as client:
        for old in client.read_automations_by_name(AUTOMATION):
            client.delete_automation(old.id)
    return Automation(
        name=AUTOMATION,
        description="promopacket run Failed, Crashed or Completed with problems → webhook",
        trigger=EventTrigger(
            expect=set(EVENTS),
            match_related={"prefect.resource.role": "flow", "prefect.resource.name": FLOWS},
            posture=Posture.Reactive,
            threshold=1,
        ),
        actions=[CallWebhook(block_document_id=block_id, payload=PAYLOAD)],
    ).create()


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not os.environ.get("PREFECT_API_URL"):
        print(
            "usage: PREFECT_API_URL=http://127.0.0.1:4200/api "
            "python -m promopacket.flows.alerts WEBHOOK_URL",
            file=sys.stderr,
        )
        return 2
    automation = ensure_problem_alert(argv[0])
    print(f"Automation {AUTOMATION!r} ({automation.id}): {', '.join(EVENTS)} → webhook.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
