"""The harness the browser tests stand on: a run of steps3 waits for the actor at each step and
advances only when the test releases it. Checked through the REST API alone."""

from waiting import wait_until


def current_step(core, task_id):
    """The run's current step as the REST API reports it."""
    return core.task(task_id).get("current_step")


def test_a_run_advances_only_when_the_actor_answers(core, actor):
    """The run waits in each step until the actor is released, and then succeeds."""
    task_id = core.start_run("steps3")
    actor.wait_for_action(task_id, "alpha")
    assert current_step(core, task_id) == "alpha"
    assert core.task(task_id)["waiting_for"] == [actor.subscriber_id]

    actor.release(task_id, "alpha")
    wait_until(lambda: current_step(core, task_id) == "beta", "the run to reach beta")
    actor.release(task_id, "beta")
    wait_until(lambda: current_step(core, task_id) == "gamma", "the run to reach gamma")
    actor.release(task_id, "gamma")

    finished = wait_until(lambda: (lambda run: run if run["state"] == "finished" else None)(core.task(task_id)),
                          "the run to finish")
    assert finished["outcome"] == "success"
    assert [step["name"] for step in finished["steps"]] == ["alpha", "beta", "gamma"]
