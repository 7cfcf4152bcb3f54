//! `huawei-batch-api serve`: the reference server for the five pages, on the embedded in-memory
//! store.

use huawei_batch_api::server::{self, store::Seed, Config};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "\
huawei-batch-api: a local stand-in for the Huawei Cloud batch APIs (ROMA Connect, CodeArts Deploy,
CloudDC, MetaStudio), generated from spec/ and backed by an in-memory store.

USAGE:
    huawei-batch-api serve [OPTIONS]

OPTIONS:
    --listen ADDR          address to listen on (default 127.0.0.1:8080)
    --token TOKEN          accept this X-Auth-Token (repeatable; default: dev-token)
    --aksk AK:SK           accept AK/SK-signed requests with this key pair (repeatable)
    --seed FILE            load the store's initial data from a JSON file (default: built in)
    --job-delay-ms N       how long ROMA Connect asset jobs run (default 3000)
    --termination-ms N     how long CloudDC instances stay shutting-down (default 5000)
        --rate-limit N         CloudDC requests per credential per second before 429 (default 20)
    --quiet                log warnings only, not every request";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("serve") => {}
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    }
    let quiet = args.iter().any(|a| a == "--quiet");
    let args: Vec<String> = args.into_iter().filter(|a| a != "--quiet").collect();
    let (listen, config) = match parse(&args[1..]) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
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

fn parse(args: &[String]) -> Result<(SocketAddr, Config), String> {
    let mut listen: SocketAddr = "127.0.0.1:8080".parse().map_err(|_| "bad default address")?;
    let mut config = Config::default();
    let (mut tokens, mut keys) = (Vec::new(), Vec::new());
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        let mut value = || iter.next().ok_or(format!("{flag} needs a value"));
        let millis = |v: &str| {
            v.parse::<u64>().map(Duration::from_millis).map_err(|_| format!("{flag}: not a number of milliseconds"))
        };
        match flag.as_str() {
            "--listen" => {
                listen = value()?.parse().map_err(|_| "--listen: not an address such as 127.0.0.1:8080".to_string())?
            }
            "--token" => tokens.push(value()?.clone()),
            "--aksk" => {
                let pair = value()?;
                let (ak, sk) = pair.split_once(':').ok_or("--aksk needs AK:SK")?;
                keys.push((ak.to_string(), sk.to_string()));
            }
            "--seed" => {
                let path = value()?;
                let text = std::fs::read_to_string(path).map_err(|err| format!("--seed {path}: {err}"))?;
                config.seed = serde_json::from_str::<Seed>(&text).map_err(|err| format!("--seed {path}: {err}"))?;
            }
            "--job-delay-ms" => config.job_delay = millis(value()?)?,
            "--termination-ms" => config.termination_delay = millis(value()?)?,
            "--rate-limit" => config.rate_limit = value()?.parse().map_err(|_| "--rate-limit: not a number")?,
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    if !tokens.is_empty() {
        config.tokens = tokens;
    }
    if !keys.is_empty() {
        config.access_keys = keys;
    }
    Ok((listen, config))
}
