//! The server's command line: `--help` anywhere, `--version`, and a wrong argument named, with
//! exit code 2 and nothing started.

use std::process::Command;

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
