"""The anchor file: one anchor a line, appended and never rewritten, read strictly."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from shuangtan.audit import chain
from shuangtan.audit.anchors import (
    AnchorFileInvalid,
    anchor_line,
    append_anchor,
    parse_anchor,
    read_anchors,
)
from shuangtan.audit.chain import GENESIS_HASH, Anchor

from .conftest import ANCHOR_TIME

H1, H2 = "a" * 64, "b" * 64


def _anchor(chain: str = "audit", seq: int = 3, digest: str = H1) -> Anchor:
    return Anchor(chain, seq, digest, seq, ANCHOR_TIME)


class TestFile:
    def test_appending_creates_the_file_then_adds_a_line_each_time(self, tmp_path: Path) -> None:
        path = tmp_path / "anchors.jsonl"
        first = append_anchor(path, _anchor(seq=3))
        append_anchor(path, _anchor("ledger", 2, H2))
        append_anchor(path, _anchor(seq=5, digest=H2))
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == first
        assert json.loads(first) == {
            "at": "2026-12-01T09:00:00.000000Z",
            "chain": "audit",
            "count": 3,
            "hash": H1,
            "seq": 3,
        }
        assert len(lines) == 3

    def test_reading_keeps_one_chain_in_file_order(self, tmp_path: Path) -> None:
        path = tmp_path / "anchors.jsonl"
        for anchor in (_anchor(seq=3), _anchor("ledger", 2, H2), _anchor(seq=5, digest=H2)):
            append_anchor(path, anchor)
        assert [(a.seq, a.hash) for a in read_anchors(path, "audit")] == [(3, H1), (5, H2)]
        assert [a.seq for a in read_anchors(path, "ledger")] == [2]
        assert read_anchors(path, "audit")[0] == _anchor(seq=3)

    def test_a_line_round_trips(self) -> None:
        anchor = _anchor()
        assert parse_anchor(anchor_line(anchor), where="x") == anchor

    def test_further_keys_and_blank_lines_are_allowed(self, tmp_path: Path) -> None:
        path = tmp_path / "anchors.jsonl"
        line = json.loads(anchor_line(_anchor()))
        line["tsa"] = "anchor-2026-12-01.tsr"
        path.write_text("\n" + json.dumps(line) + "\n\n", encoding="utf-8")
        assert read_anchors(path, "audit") == [_anchor()]

    def test_a_missing_file_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(AnchorFileInvalid, match="does not exist") as refused:
            read_anchors(tmp_path / "none.jsonl", "audit")
        assert "不存在" in refused.value.message_zh


class TestMalformed:
    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"hash": "A" * 64}, "'hash' must be 64 lowercase hex digits"),
            ({"hash": "a" * 63}, "'hash' must be 64 lowercase hex digits"),
            ({"seq": -1}, "'seq' must be a non-negative integer"),
            ({"seq": "3"}, "'seq' must be a non-negative integer"),
            ({"seq": True}, "'seq' must be a non-negative integer"),
            ({"count": None}, "'count' must be a non-negative integer"),
            ({"chain": ""}, "'chain' must name a chain"),
            ({"at": "yesterday"}, "'at' must be an ISO 8601 time"),
            ({"seq": 0}, "must carry the genesis hash"),
        ],
    )
    def test_a_bad_field_is_refused_naming_the_line(
        self, tmp_path: Path, change: dict[str, object], message: str
    ) -> None:
        path = tmp_path / "anchors.jsonl"
        good = anchor_line(_anchor())
        bad = json.dumps(json.loads(good) | change)
        path.write_text(f"{good}\n{bad}\n", encoding="utf-8")
        with pytest.raises(AnchorFileInvalid, match=message) as refused:
            read_anchors(path, "audit")
        assert f"{path}:2" in refused.value.message_en
        assert refused.value.code == "audit.anchor_file_invalid"

    @pytest.mark.parametrize("line", ["not json", "[1, 2]", '{"chain": "audit"'])
    def test_a_line_that_is_not_an_object_is_refused(self, tmp_path: Path, line: str) -> None:
        path = tmp_path / "anchors.jsonl"
        path.write_text(line + "\n", encoding="utf-8")
        with pytest.raises(AnchorFileInvalid, match=":1"):
            read_anchors(path, "ledger")

    def test_an_empty_chain_anchors_the_genesis_hash(self) -> None:
        line = json.dumps(json.loads(anchor_line(_anchor(seq=0, digest=GENESIS_HASH))))
        assert parse_anchor(line, where="x").seq == 0


class TestProgress:
    def test_verify_reports_every_thousand_records_and_the_end(self) -> None:
        # 2,500 records linked by made-up hashes: reports at 1,000 and 2,000, then 2,500 at
        # the end of the walk — three calls.
        hashes = [GENESIS_HASH, *(f"{n:064x}" for n in range(1, 2501))]
        links = [chain.Link(n, hashes[n - 1], hashes[n], hashes[n]) for n in range(1, 2501)]
        head = SimpleNamespace(last_seq=2500, last_hash=hashes[2500], entry_count=2500)
        seen: list[int] = []
        names = chain.ChainNames("记录", "Record", "链", "chain")
        report = chain.verify(links, lambda: head, names, progress=seen.append)
        assert (report.ok, report.checked) == (True, 2500)
        assert seen == [1000, 2000, 2500]
