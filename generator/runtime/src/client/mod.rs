//! The client side of generated APIs (feature `client`): a generated `Client` holds one of these
//! and turns each operation's typed input into a call, checked with the same validators the
//! router uses before anything is sent, and each answer into the operation's typed output.
//!
//! The HTTP stack is hyper's own client (hyper-util's pooled `legacy` client over HTTP/1.1),
//! which the server side already builds: no second HTTP implementation to compile.

mod builder;
mod call;
pub(crate) mod encode;
mod error;
mod hooks;
#[cfg(feature = "server")]
mod local;
mod retry;

pub use builder::{server_url, Builder, Client};
pub use call::{Call, Response};
pub use error::Error;
pub use hooks::{Attempt, Observe, Operation, Secret, Sign, Signable};
#[cfg(feature = "server")]
pub use local::{serve_local, LocalServer};
pub use retry::RetryPolicy;
