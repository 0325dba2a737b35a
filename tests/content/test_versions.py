"""The outputs on the pages come from the pinned versions, and no others."""

from verified_guide.versions import mismatches, pins


def test_installed_versions_match_the_pins(root):
    found = mismatches(root / "requirements.txt")
    assert not found, "outputs would come from other versions; run `make test` to reinstall:\n" + "\n".join(found)


def test_numpy_and_torch_are_pinned(root):
    assert {"numpy", "torch"} <= set(pins(root / "requirements.txt"))
