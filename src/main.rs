//! `huawei-batch-api serve`: the reference server for the five pages, on the embedded in-memory
//! store.

use huawei_batch_api::server::{self, store::Seed, Config};
use std::io::Write as _;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "\
huawei-batch-api: a local stand-in for the Huawei Cloud batch APIs (ROMA Connect, CodeArts Deploy,
CloudDC, MetaStudio), generated from spec/ and backed by an in-memory store.

USAGE:
    huawei-batch-api serve [OPTIONS]
    huawei-batch-api --help | --version

OPTIONS (serve):
    --listen ADDR          address to listen on (default 127.0.0.1:8080)
    --token TOKEN          accept this X-Auth-Token (repeatable; default: dev-token)
    --aksk AK:SK           accept AK/SK-signed requests with this key pair (repeatable)
    --seed FILE            load the store's initial data from a JSON file (default: built in)
    --job-delay-ms N       how long ROMA Connect asset jobs run (default 3000)
    --termination-ms N     how long CloudDC instances stay shutting-down (default 5000)
    --rate-limit N         CloudDC requests per credential per second before 429 (default 20)
    --quiet                log warnings only, not every request

EXIT CODES: 0 stopped by Ctrl-C or SIGTERM; 1 the server could not start (address in use); 2 the
command line is wrong.";

/// What the command line asks for.
enum Request {
    /// Print this text and stop.
    Print(&'static str),
    /// Serve.
    Serve { listen: SocketAddr, config: Box<Config>, quiet: bool },
}

fn main() -> ExitCode {
    let (listen, config, quiet) = match parse(lexopt::Parser::from_env()) {
        Ok(Request::Print(text)) => {
            // Not `println!`, which panics when the reader has gone (`huawei-batch-api --help | head -1`).
            let _ = writeln!(std::io::stdout(), "{text}");
            return ExitCode::SUCCESS;
        }
        Ok(Request::Serve { listen, config, quiet }) => (listen, *config, quiet),
        Err(err) => {
            eprintln!("error: {err}\n\nRun `huawei-batch-api --help` for the usage.");
            return ExitCode::from(2);
        }
    };
    let level = if quiet { tracing::Level::WARN } else { tracing::Level::INFO };
    tracing_subscriber::fmt().with_target(false).with_max_level(level).init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(server::serve(listen, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {listen}: {err}");
            ExitCode::FAILURE
        }
    }
}

fn parse(mut parser: lexopt::Parser) -> Result<Request, lexopt::Error> {
    use lexopt::prelude::*;
    let mut listen: SocketAddr = SocketAddr::from(([127, 0, 0, 1], 8080));
    let mut config = Config::default();
    let (mut tokens, mut keys) = (Vec::new(), Vec::new());
    let (mut serve, mut quiet) = (false, false);
    let millis = |flag: &str, v: String| {
        v.parse::<u64>()
            .map(Duration::from_millis)
            .map_err(|_| format!("{flag}: `{v}` is not a number of milliseconds"))
    };
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Request::Print(USAGE)),
            Short('V') | Long("version") => {
                return Ok(Request::Print(concat!("huawei-batch-api ", env!("CARGO_PKG_VERSION"))))
            }
            Value(command) if !serve => match command.string()?.as_str() {
                "serve" => serve = true,
                "help" => return Ok(Request::Print(USAGE)),
                other => return Err(format!("unknown command `{other}` (serve, help)").into()),
            },
            Long("listen") => {
                let text = parser.value()?.string()?;
                listen =
                    text.parse().map_err(|_| format!("--listen: `{text}` is not an address such as 127.0.0.1:8080"))?
            }
            Long("token") => tokens.push(parser.value()?.string()?),
            Long("aksk") => {
                let pair = parser.value()?.string()?;
                let (ak, sk) = pair.split_once(':').ok_or("--aksk needs AK:SK")?;
                keys.push((ak.to_string(), sk.to_string()));
            }
            Long("seed") => {
                let path = parser.value()?.string()?;
                let text = std::fs::read_to_string(&path).map_err(|err| format!("--seed {path}: {err}"))?;
                config.seed = serde_json::from_str::<Seed>(&text).map_err(|err| format!("--seed {path}: {err}"))?;
            }
            Long("job-delay-ms") => config.job_delay = millis("--job-delay-ms", parser.value()?.string()?)?,
            Long("termination-ms") => config.termination_delay = millis("--termination-ms", parser.value()?.string()?)?,
            Long("rate-limit") => {
                let text = parser.value()?.string()?;
                config.rate_limit = text.parse().map_err(|_| format!("--rate-limit: `{text}` is not a number"))?
            }
            Long("quiet") => quiet = true,
            _ => return Err(arg.unexpected()),
        }
    }
    if !serve {
        return Err("no command: `huawei-batch-api serve` starts the server".into());
    }
    if !tokens.is_empty() {
        config.tokens = tokens;
    }
    if !keys.is_empty() {
        config.access_keys = keys;
    }
    Ok(Request::Serve { listen, config: Box::new(config), quiet })
}
