//! Huawei Cloud batch-operation APIs (ROMA Connect, CodeArts Deploy, CloudDC, MetaStudio): models,
//! validators, routes and clients generated at build time from the OpenAPI documents in `spec/`.
//!
//! Each module is the output of `openapi-forge` for one spec; `generated/` holds a committed copy of
//! the same code for review.

include!(concat!(env!("OUT_DIR"), "/clouddc.rs"));
include!(concat!(env!("OUT_DIR"), "/codearts_deploy.rs"));
include!(concat!(env!("OUT_DIR"), "/metastudio.rs"));
include!(concat!(env!("OUT_DIR"), "/roma_connect.rs"));

pub use openapi_forge_runtime as runtime;

pub mod client;
pub mod server;
