#!/usr/bin/env python3
"""API steps of migrate_store.sh: `create URL TOKEN KEY` logs in, reads a few consults, makes a submitted consult with a PNG
attachment and prints "<consult id> <reference> <attachment id> <sha256>"; `get URL TOKEN ID`
reads a consult and prints its reference and attachment count; `fetch URL TOKEN ID AID`
prints the SHA-256 of the attachment bytes."""
import hashlib
import json
import struct
import sys
import urllib.request
import zlib


def call(base, token, method, path, body=None, content_type="application/json", raw=False, headers=None):
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(base + "/api/v1" + path, data=data, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    if data is not None:
        req.add_header("Content-Type", content_type)
    with urllib.request.urlopen(req, timeout=30) as r:
        payload = r.read()
    return payload if raw else json.loads(payload)


def png():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"\x00\xff\x00\x00"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def main():
    cmd, base, token = sys.argv[1], sys.argv[2], sys.argv[3]
    if cmd == "create":
        # A cookie session and a few audited reads, so that those tables have rows too.
        call(base, "", "POST", "/session", {"email": "huisarts@janson.example", "password": "meekijk-demo"})
        for item in call(base, token, "GET", "/consults?box=practice&limit=5")["items"]:
            call(base, token, "GET", "/consults/" + item["id"])
        services = call(base, token, "GET", "/services")
        items = services["items"] if isinstance(services, dict) else services
        service = next(s for s in items if "maasstad" in json.dumps(s).lower() and s.get("routing") == "pool")
        consult = call(base, token, "POST", "/consults", {
            "service_id": service["id"],
            "patient": {"bsn": "111222333", "name": "T. Migratie", "birth_date": "1970-01-01",
                        "sex": "female", "postcode": "3011AA"},
            "question": "Migratietest", "clinical_context": "Context", "patient_narrative": "Verhaal",
            "urgency": "routine", "intended_referral": "unsure", "patient_informed": True,
            "modality": "e_consult"}, headers={"Idempotency-Key": "migrate-" + sys.argv[4]})
        body = png()
        att = call(base, token, "POST", "/consults/%s/attachments?filename=foto.png" % consult["id"], body,
                   content_type="image/png")
        print(consult["id"], consult["reference"], att["id"], hashlib.sha256(body).hexdigest())
    elif cmd == "get":
        consult = call(base, token, "GET", "/consults/" + sys.argv[4])
        print(consult["reference"], len(consult["attachments"]))
    elif cmd == "fetch":
        data = call(base, token, "GET", "/consults/%s/attachments/%s" % (sys.argv[4], sys.argv[5]), raw=True)
        print(hashlib.sha256(data).hexdigest())


main()
