//! Webhooks beyond the content layer: the payloads written to the outbox (`outbox`), which
//! need the public shapes of `dto`, and the signed HTTP delivery of them (`send`). The
//! worker that drives deliveries is `jobs::webhooks`.

pub mod outbox;
pub mod send;
