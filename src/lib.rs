//! Huawei Cloud batch-operation APIs (ROMA Connect, CodeArts Deploy, CloudDC, MetaStudio): models,
//! validators, routes and clients generated at build time from the OpenAPI documents in `spec/`.
//!
//! Each module is the output of `openapi-forge` for one spec; `generated/` holds a committed copy of
//! the same code for review.

// Every module of spec/, and `MODULES`, the table of them (written by build.rs).
include!(concat!(env!("OUT_DIR"), "/all.rs"));

pub use openapi_forge_runtime as runtime;

pub mod client;
pub mod server;
