/// How long, in seconds, a test waits for something that should happen (a message, a run's end,
/// a connection) before it fails. Waits return as soon as their condition holds, so a passing
/// test is no slower for it; it is long because on a loaded 2-core machine a healthy core can
/// take tens of seconds to answer.
public let patience: Double = 60
