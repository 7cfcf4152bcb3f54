//! The server's command line: `--help` anywhere, `--version`, and a wrong argument named, with
//! exit code 2 and nothing started; a closed standard output stops neither the help nor the server.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_huawei-batch-api")).args(args).output().unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

#[test]
fn help_version_and_wrong_arguments() {
    for args in [&["--help"][..], &["serve", "--help"], &["help"]] {
        let (code, out, err) = run(args);
        assert!(code == 0 && out.contains("--rate-limit") && err.is_empty(), "{args:?}: {out}{err}");
    }
    let (code, out, _) = run(&["--version"]);
    assert_eq!((code, out.trim()), (0, concat!("huawei-batch-api ", env!("CARGO_PKG_VERSION"))));
    for (args, named) in [
        (&["serve", "--bogus"][..], "--bogus"),
        (&["serve", "--listen", "nowhere"], "nowhere"),
        (&["serve", "--rate-limit"], "--rate-limit"),
        (&["serve", "--job-delay-ms", "soon"], "soon"),
        (&["start"], "start"),
        (&[], "serve"),
    ] {
        let (code, _, err) = run(args);
        assert!(code == 2 && err.contains(named), "{args:?}: {err}");
    }
}

/// A reader that has gone before anything is written (`huawei-batch-api --help | head -1`, a
/// supervisor that discards the output) is no panic: the help exits cleanly and the server serves.
#[test]
fn a_closed_output_stops_nothing() {
    let spawn = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_huawei-batch-api"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before the program has started to write.
        drop(child.stdout.take());
        child
    };
    for args in [&["--help"][..], &["--version"]] {
        let output = spawn(args).wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success() && !stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{port}");
    let mut server = spawn(&["serve", "--listen", &listen, "--quiet"]);
    // The banner is written right after the port is bound: once a connection is taken, it has
    // been written (or dropped).
    let started = Instant::now();
    while std::net::TcpStream::connect(&listen).is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "the server did not start");
        assert!(server.try_wait().unwrap().is_none(), "the server stopped before it listened");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    let exited = server.try_wait().unwrap();
    server.kill().ok();
    let output = server.wait_with_output().unwrap();
    assert!(exited.is_none(), "the server stopped: {}", String::from_utf8_lossy(&output.stderr));
}
