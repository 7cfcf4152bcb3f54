//! Generates the Rust modules of every spec/*.yaml into OUT_DIR, so the spec is the single source of
//! truth: edit a spec, run `cargo build`, and the models, validators and routes follow. A spec added
//! to spec/ is picked up with nothing else to register: `all.rs` includes every module and lists
//! them in `MODULES`.

fn main() {
    let config = openapi_forge_build::Config::new().include_file("all.rs").module_registry(true);
    if let Err(err) = config.generate_dir("spec") {
        // Every located diagnostic, then a failed build; no panic backtrace in the way.
        eprintln!("{err}");
        std::process::exit(1);
    }
}
