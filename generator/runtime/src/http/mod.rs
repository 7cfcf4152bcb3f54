//! HTTP support for generated code. What the server and the client share (feature `wire`, which
//! either brings): the parameter tables (`Params`), credential sources, multipart parts, media
//! types. The server side (feature `server`): parameters and bodies of generated axum routers
//! parsed and validated before the handler runs, credentials looked up, every rejection answered
//! with the status and error shape that the spec declares, and (with the `check-responses` feature)
//! responses checked against their schema.

#[cfg(feature = "server")]
mod admission;
#[cfg(feature = "server")]
mod body;
#[cfg(feature = "server")]
mod credentials;
#[cfg(feature = "server")]
mod dispatch;
pub mod media;
mod multipart;
#[cfg(feature = "server")]
mod multipart_read;
#[cfg(feature = "server")]
mod segments;
#[cfg(feature = "server")]
mod serve;
#[cfg(feature = "server")]
mod server;

#[cfg(feature = "server")]
pub use admission::{admit, Admission, Admitted};
#[cfg(feature = "server")]
pub use body::{RawBody, BODY_READ_TIMEOUT};
pub use bytes::Bytes;
#[cfg(feature = "server")]
pub use credentials::{CredentialFault, Credentials};
#[cfg(feature = "server")]
pub use dispatch::{path_fits, Dispatch, PathDispatch, PresenceDispatch, RouteMethods, SuffixDispatch};
/// The HTTP method type of generated operation tables.
pub use http::Method;
pub use multipart::{FileField, FilePart, Multipart, MultipartPlan, FIELD_PART_LIMIT};
#[cfg(feature = "server")]
pub use segments::PathSplit;
#[cfg(feature = "server")]
pub use serve::{serve, ServeOptions};
#[cfg(feature = "server")]
pub use server::*;

pub use crate::params::{Param, ParamLocation, Params, Style};
pub use crate::vocabulary::{CredentialSource, ErrorShape, RejectionPlan};
