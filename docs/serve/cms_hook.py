"""A CMS publishing hook: reject a draft with error-level findings before it goes live.

Run it next to `onbrand serve` and point the CMS's "before publish" webhook at it:
    ONBRAND_TOKEN=... python3 cms_hook.py          # listens on 127.0.0.1:8080
The CMS posts {"id", "slug", "channel", "body_markdown"}; the hook answers 200 to publish or
422 with the findings to show the editor. Only the standard library is used.
"""

import json
import os
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

ONBRAND = os.environ.get("ONBRAND_URL", "http://127.0.0.1:7700")
TOKEN = os.environ.get("ONBRAND_TOKEN")


def check(draft: dict) -> dict:
    request = urllib.request.Request(
        f"{ONBRAND}/v1/check",
        data=json.dumps({
            "text": draft["body_markdown"],
            "path": f"{draft.get('channel', 'blog')}/{draft['slug']}.md",
            "channel": draft.get("channel"),
        }).encode(),
        headers={"Content-Type": "application/json",
                 **({"Authorization": f"Bearer {TOKEN}"} if TOKEN else {})},
    )
    with urllib.request.urlopen(request, timeout=5) as answer:
        return json.load(answer)


class Hook(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        draft = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        try:
            result = check(draft)
        except (urllib.error.URLError, TimeoutError) as error:
            # Fail closed: a publishing gate that is down must not wave drafts through.
            return self.answer(503, {"publish": False, "reason": f"onbrand unavailable: {error}"})
        findings = result["files"][0]["findings"]
        blocking = [f for f in findings if f["severity"] == "error"]
        if result["verdict"]["pass"]:
            return self.answer(200, {"publish": True, "warnings": len(findings)})
        return self.answer(422, {
            "publish": False,
            "problems": [f"line {f['line']}:{f['column']} {f['message']} ({f['rule']})" for f in blocking],
        })

    def answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


if __name__ == "__main__":
    HTTPServer(("127.0.0.1", 8080), Hook).serve_forever()
