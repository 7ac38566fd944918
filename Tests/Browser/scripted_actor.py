"""An actor that subscribes to action types and answers each action only when the test releases
it (or fails it), so that the test sets the pace of a run."""

import asyncio
import json
import threading

from websockets.asyncio.client import connect

from waiting import wait_until


class ScriptedActor:
    """Speaks the actor protocol on `/subscriber/ID/handle` from an asyncio loop in a background
    thread, records every message it receives, and answers an action when `release` is called."""

    def __init__(self, core, subscriber_id, message_types, timeout=120):
        """An actor of `core` named `subscriber_id` for `message_types`, each subscription taking
        up to `timeout` seconds; `start` subscribes and connects it."""
        self.core = core
        self.subscriber_id = subscriber_id
        self.message_types = list(message_types)
        self.timeout = timeout
        self.received = []
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=f"actor {subscriber_id}", daemon=True)
        self._connection = None
        self._reader = None

    def start(self):
        """Registers the subscriptions (waiting for completion) and connects the WebSocket."""
        subscriptions = [
            {"message_type": message_type, "wait_for_completion": True, "timeout": self.timeout}
            for message_type in self.message_types
        ]
        status, body = self.core.request("PUT", f"/subscriber/{self.subscriber_id}", subscriptions)
        assert status == 200, f"PUT /subscriber/{self.subscriber_id} answered {status}: {body}"
        self._thread.start()
        self._run(self._connect())
        return self

    def stop(self):
        """Closes the connection and ends the background thread."""
        if self._thread.is_alive():
            try:
                self._run(self._close())
            finally:
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._thread.join(timeout=10)

    def _run(self, coroutine, timeout=30):
        """Runs `coroutine` on the actor's loop and returns its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    async def _connect(self):
        """Opens the actor's WebSocket and starts reading it."""
        url = f"{self.core.websocket_url}/subscriber/{self.subscriber_id}/handle"
        self._connection = await connect(url, max_size=None)
        self._reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self):
        """Records every message until the connection closes."""
        async for frame in self._connection:
            message = json.loads(frame)
            with self._lock:
                self.received.append(message)

    async def _close(self):
        """Closes the WebSocket and waits for the reader to end."""
        if self._connection is not None:
            await self._connection.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    def _find(self, kind, task_id, step, attempt=None):
        """The first message received of `kind` for the run's step (and for its `attempt`, when
        given; a message without one is of attempt 1), or None."""
        with self._lock:
            for message in self.received:
                data = message.get("data") or {}
                if message.get("kind") == kind and data.get("task") == task_id and data.get("step") == step:
                    if attempt is None or data.get("attempt", 1) == attempt:
                        return message
        return None

    def wait_for_action(self, task_id, step, timeout=30, attempt=None):
        """Waits until the core sent the action of the run's step (of its `attempt`, when given),
        and returns it."""
        return wait_until(lambda: self._find("action", task_id, step, attempt),
                          f"{self.subscriber_id} to receive the action of step {step} of run {task_id}"
                          + ("" if attempt is None else f", attempt {attempt}"), timeout)

    def wait_for_abort(self, task_id, step, timeout=30):
        """Waits until the core sent `action_abort` for the run's step, and returns it."""
        return wait_until(lambda: self._find("action_abort", task_id, step),
                          f"{self.subscriber_id} to receive action_abort for step {step} of run {task_id}", timeout)

    def release(self, task_id, step, timeout=30, attempt=None):
        """Waits for the action of the run's step (of its `attempt`, when given), then answers it
        with `action_done`."""
        action = self.wait_for_action(task_id, step, timeout, attempt)
        self._answer(action, "action_done", {})

    def fail(self, task_id, step, error, timeout=30, attempt=None):
        """Waits for the action of the run's step (of its `attempt`, when given), then answers it
        with `action_error` and the text `error`."""
        action = self.wait_for_action(task_id, step, timeout, attempt)
        self._answer(action, "action_error", {"error": error})

    def has_action(self, task_id, step, attempt=None):
        """Whether the core sent the action of the run's step (of its `attempt`, when given)."""
        return self._find("action", task_id, step, attempt) is not None

    def emit(self, message_type, data):
        """Publishes an event on the actor's connection."""
        event = {"kind": "event", "message_type": message_type, "data": data}
        self._run(self._connection.send(json.dumps(event)))

    def _answer(self, action, kind, extra):
        """Sends the answer `kind` to `action`, its data holding `extra` besides the run and step."""
        data = action.get("data") or {}
        answer = {
            "kind": kind,
            "message_type": action["message_type"],
            "data": {"task": data.get("task"), "step": data.get("step"), "subscriber_id": self.subscriber_id, **extra},
        }
        self._run(self._connection.send(json.dumps(answer)))

    def finish(self, task_id, steps, timeout=30):
        """Releases the run's steps one after another."""
        for step in steps:
            self.release(task_id, step, timeout)
