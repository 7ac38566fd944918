"""A real `rota core` process on a free port, with its own database and workflows folder."""

import errno
import json
import re
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

SERVING_LINE = re.compile(r"Rota core serving on (https?)://([^\s:/]+):(\d+)")


class RotaCore:
    """Starts `rota core --port 0` and stops it; answers REST requests to it."""

    def __init__(self, binary, directory, workflows, psk=None):
        """A core of `binary` keeping its database and log in `directory`, loading `workflows`,
        requiring `psk` when given; `start` starts it."""
        self.binary = str(binary)
        self.directory = Path(directory)
        self.workflows = Path(workflows)
        self.psk = psk
        self.log_path = self.directory / "core.log"
        self.process = None
        self.url = None

    def start(self, timeout=60.0):
        """Starts the core and waits for the log line that names its port."""
        self.directory.mkdir(parents=True, exist_ok=True)
        arguments = [
            self.binary, "core", "--port", "0", "--log-level", "info",
            "--db", str(self.directory / "rota.db"),
            "--workflows", str(self.workflows),
            "--schedule", "collect_and_cleanup=none",
        ]
        if self.psk is not None:
            arguments += ["--psk", self.psk]
        deadline = time.monotonic() + timeout
        self.process = self._spawn(arguments, deadline)
        while time.monotonic() < deadline:
            match = SERVING_LINE.search(self.log())
            if match:
                scheme, host, port = match.groups()
                self.url = f"{scheme}://{host}:{port}"
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"rota core did not start:\n{self.log()}")

    def _spawn(self, arguments, deadline):
        """Starts the process, its output going to the log. A binary that the linker is still
        writing ("text file busy", as when `swift build` runs beside the tests) is tried again
        until the deadline."""
        while True:
            try:
                with open(self.log_path, "wb") as log:
                    return subprocess.Popen(arguments, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
            except OSError as error:
                if error.errno != errno.ETXTBSY or time.monotonic() >= deadline:
                    raise
                time.sleep(0.2)

    def log(self):
        """Everything the core wrote so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def stop(self, grace=15.0):
        """Stops the core with SIGTERM, or SIGKILL when it has not ended within `grace` seconds."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    @property
    def websocket_url(self):
        """The core's URL with the WebSocket scheme."""
        return re.sub(r"^http", "ws", self.url)

    def request(self, method, path, body=None, raw=None, content_type="application/json"):
        """Sends one REST request without a token, with `body` as JSON or the bytes `raw`;
        returns the status and the decoded JSON answer (None when empty)."""
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, text = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read()
        return status, (json.loads(text) if text else None)

    def get(self, path):
        """GETs `path` and returns its JSON, failing on any status but 200."""
        status, body = self.request("GET", path)
        assert status == 200, f"GET {path} answered {status}: {body}"
        return body

    def start_run(self, workflow_id, run_input=None):
        """Starts a run of the workflow through the REST API, with `run_input` (a dict) as its
        input when given, and returns its id."""
        request_body = None if run_input is None else {"input": run_input}
        status, body = self.request("POST", f"/workflows/{workflow_id}/run", request_body)
        assert status == 200, f"POST /workflows/{workflow_id}/run answered {status}: {body}"
        return body["task_id"]

    def merge_resources(self, cloud, account, resources):
        """Merges the resources (dicts) as one snapshot of the account."""
        lines = "".join(json.dumps(resource) + "\n" for resource in resources).encode()
        path = f"/resources/merge?cloud={cloud}&account={account}"
        status, body = self.request("POST", path, raw=lines, content_type="application/x-ndjson")
        assert status == 200, f"POST {path} answered {status}: {body}"
        return body

    def task(self, task_id):
        """The run as `GET /tasks/ID` answers it."""
        return self.get(f"/tasks/{task_id}")
