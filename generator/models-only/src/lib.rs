//! The generated modules of every fixture spec and of `spec/`, without the server side.

include!(concat!(env!("OUT_DIR"), "/all.rs"));
