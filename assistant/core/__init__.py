"""What every stage shares: the typed records between stages (types), their contracts
(protocols), the one function that runs a turn (pipeline), the `Assistant` the front doors talk to,
settings, message limits and text helpers, and `build`, which loads weights and wires the stages."""
