"""Write the encoded and the broken test documents from their UTF-8 originals.

Run from the repository root after changing an original; the outputs are committed:

    .venv/bin/python tests/documents/make_encoded.py

- ``hangzhou-2024-biomedicine-action-plan.txt`` (UTF-8, simplified) is written again as UTF-8
  with a byte-order mark, with CRLF line ends, as UTF-16 LE and BE with a byte-order mark, as GBK
  and GB18030, and — converted to Taiwan traditional script with OpenCC ``s2tw`` — as Big5;
- a 200-character excerpt of its body as GBK and as Big5: detectors misjudge short texts;
- ``rare-characters.txt`` as GB18030: characters outside GBK take GB18030's four-byte codes;
- the broken inputs ``bad-*``: empty, whitespace only, binary, truncated UTF-8, undecodable
  bytes, no Chinese text.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import opencc

HERE = Path(__file__).parent
PLAN = "hangzhou-2024-biomedicine-action-plan"
EXCERPT_START = "为加快建设"
EXCERPT_LENGTH = 200


def plan_excerpt(plan: str) -> str:
    start = plan.index(EXCERPT_START)
    return plan[start : start + EXCERPT_LENGTH]


def encoded_documents() -> dict[str, bytes]:
    plan = (HERE / f"{PLAN}.txt").read_text(encoding="utf-8")
    to_traditional = opencc.OpenCC("s2tw").convert
    excerpt = plan_excerpt(plan)
    rare = (HERE / "rare-characters.txt").read_text(encoding="utf-8")
    return {
        f"{PLAN}-utf8-bom.txt": codecs.BOM_UTF8 + plan.encode("utf-8"),
        f"{PLAN}-crlf.txt": plan.replace("\n", "\r\n").encode("utf-8"),
        f"{PLAN}-utf16le.txt": codecs.BOM_UTF16_LE + plan.encode("utf-16-le"),
        f"{PLAN}-utf16be.txt": codecs.BOM_UTF16_BE + plan.encode("utf-16-be"),
        f"{PLAN}-gbk.txt": plan.encode("gbk"),
        f"{PLAN}-gb18030.txt": plan.encode("gb18030"),
        f"{PLAN}-big5.txt": to_traditional(plan).encode("big5"),
        "excerpt-200-gbk.txt": excerpt.encode("gbk"),
        "excerpt-200-big5.txt": to_traditional(excerpt).encode("big5"),
        "rare-characters-gb18030.txt": rare.encode("gb18030"),
        "bad-empty.txt": b"",
        "bad-whitespace-only.txt": " \n\t\r\n\u3000\n".encode(),
        "bad-binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "bad-truncated-utf8.txt": excerpt.encode("utf-8")[:-1],
        "bad-undecodable.txt": b"abc \x80\xff\x80\xff def\n",
        "bad-no-chinese.txt": b"Biomedicine industry action plan, 2024-2026.\nSection 1: targets.\n",
    }


def main() -> None:
    for name, data in encoded_documents().items():
        (HERE / name).write_bytes(data)
        print(f"wrote {name} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
