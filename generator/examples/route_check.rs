//! Registers the routes of generated modules as they register them, on axum's router (see
//! `tests/support/routers.rs`): exit 1, naming each module and axum's reason, when axum refuses
//! one. `.ci/apis-guru` runs it on the output of every APIs.guru document.
//!
//! Usage: `cargo run --release --example route_check -- MODULE.rs ...`

#[path = "../tests/support/routers.rs"]
mod routers;

fn main() -> std::process::ExitCode {
    let mut refused = 0;
    for file in std::env::args().skip(1) {
        let outcome = std::fs::read_to_string(&file)
            .map_err(|err| err.to_string())
            .and_then(|code| routers::routes(&code))
            .and_then(|routes| routers::build(&routes));
        if let Err(reason) = outcome {
            println!("{file}: {reason}");
            refused += 1;
        }
    }
    if refused > 0 {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::SUCCESS
    }
}
