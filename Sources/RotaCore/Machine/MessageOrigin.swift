import RotaModel

/// Where a message handed to the core comes from, which decides what the core does with it.
public enum MessageOrigin: Sendable, Hashable {
    /// An actor's answer on its connection (stamped with its subscriber id): it goes to its run,
    /// and is relayed to the listeners at once.
    case actor(SubscriberId)
    /// A client's event (the events socket): it reaches the runs that wait for it, starts the
    /// workflows it triggers, and is relayed to the listeners at once.
    case client
    /// An event a run's command published (`events emit`): like the run's own events, it is
    /// stored before it is published, and then reaches the other runs and triggers.
    case run(EventOrigin)
    /// A notice of the core about its connections (`message-listener-connected`): published
    /// only; it reaches no run and starts nothing.
    case announcement
}
