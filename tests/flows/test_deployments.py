"""The deployments are declared once (flows/deployments.py): prefect.yaml is written from that
declaration, and the cohort flow takes one typed parameter that Prefect shows as a form."""

import pytest
import yaml

from promopacket.flows.cohort import build_cohort
from promopacket.flows.deployments import DEPLOYMENTS, ENTRYPOINT, prefect_yaml
from promopacket.run.request import CohortRequest
from tests.conftest import ROOT


def test_prefect_yaml_is_current_with_the_declaration():
    """Fails after an edit of either side alone: run `make prefect-yaml` and commit the file."""
    assert (ROOT / "prefect.yaml").read_text(encoding="utf-8") == prefect_yaml()


def test_prefect_yaml_deploys_each_declared_deployment_with_its_schedule():
    document = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    deployed = {d["name"]: d for d in document["deployments"]}
    assert set(deployed) == set(DEPLOYMENTS) == {"cohort-weekly", "example-workbook"}
    weekly = deployed["cohort-weekly"]
    assert weekly["schedules"] == [{"cron": "0 6 * * 1"}]
    assert weekly["parameters"] == {"request": {"inputs": "inputs", "outputs": "outputs"}}
    assert "schedules" not in deployed["example-workbook"]
    for d in deployed.values():
        assert d["entrypoint"] == ENTRYPOINT and d["work_pool"]["name"] == "promopacket"
        # personal data stays on the machine (as `promopacket run` sets for itself)
        assert d["work_pool"]["job_variables"]["env"]["PREFECT_RESULTS_PERSIST_BY_DEFAULT"] == (
            "false"
        )


def test_the_flow_parameters_are_one_model_shown_as_a_form():
    from prefect.utilities.callables import parameter_schema

    schema = parameter_schema(build_cohort).model_dump()
    request = schema["properties"]["request"]
    assert request["$ref"] == "#/definitions/CohortRequest"
    form = schema["definitions"]["CohortRequest"]
    assert form["title"] == "Cohort run"
    assert list(form["properties"]) == ["inputs", "workbooks", "cohort", "force", "outputs"]
    assert all(field.get("description") for field in form["properties"].values())
    assert form["properties"]["force"]["type"] == "boolean"
    assert form["additionalProperties"] is False  # a misspelt key is refused


def test_each_declared_deployment_validates_against_the_flow():
    for deployment in DEPLOYMENTS.values():
        validated = build_cohort.validate_parameters(deployment.parameters())
        assert validated["request"] == deployment.request


def test_a_misspelt_parameter_is_refused_with_its_name():
    from prefect.exceptions import ParameterTypeError

    with pytest.raises(ParameterTypeError, match="cohrt"):
        build_cohort.validate_parameters({"request": {"cohrt": "2026-H2"}})
    assert CohortRequest.model_validate({"cohort": "2026-H2"}).cohort == "2026-H2"


def test_the_parameter_types_are_objects_not_strings():
    """A served run gets the flow pickled by value, with only the globals its body uses: a
    string annotation 'CohortRequest' could not be resolved there (the run ended Failed)."""
    assert build_cohort.fn.__annotations__["request"] is CohortRequest
