//! The reference server (the generated routers on the runtime's `serve`) against a client that
//! means harm, over real HTTP on 127.0.0.1: one test per class of attack in the hostile-requests
//! issue. Each asserts the documented answer and that nothing changed.

use huawei_batch_api::server::signing::{sdk_date, sign, SignedRequest};
use huawei_batch_api::server::store::{DEMO_INSTANCE, DEMO_PROJECT};
use huawei_batch_api::server::{serve_with, startup_lines, Config, ServeOptions, DEV_AK, DEV_SK};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn start_with(
    options: ServeOptions,
) -> (SocketAddr, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let _ = serve_with(listener, Config::default(), options, async {
            let _ = stopped.await;
        })
        .await;
    });
    (address, stop, server)
}

/// A server for the whole test.
async fn start() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(serve_with(listener, Config::default(), ServeOptions::default(), std::future::pending()));
    address
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|_| panic!("not JSON ({}): {}", self.status, self.text()))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Reads one response (head, then a `Content-Length` body) from `stream`; `None` when the
/// connection ends first.
async fn read_response(stream: &mut TcpStream) -> Option<Reply> {
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(1) => raw.push(byte[0]),
            _ => return None,
        }
    }
    let head = String::from_utf8_lossy(&raw).into_owned();
    let mut lines = head.lines();
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(": ")).map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let length = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, v)| v.parse::<usize>().unwrap_or(0));
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.ok()?;
    Some(Reply { status, headers, body })
}

/// One request written as raw bytes on a fresh connection, and its response.
async fn exchange(address: SocketAddr, raw: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(raw).await.unwrap();
    tokio::time::timeout(Duration::from_secs(10), read_response(&mut stream)).await.unwrap().expect("a response")
}

fn request(method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: test\r\nContent-Length: {}\r\n", body.len());
    if !body.is_empty() && !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
        head.push_str("Content-Type: application/json\r\n");
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let mut raw = head.into_bytes();
    raw.extend_from_slice(body);
    raw
}

const TOKEN: (&str, &str) = ("X-Auth-Token", "dev-token");
const CODEARTS: &str = "/v2/applications/batch-delete";
const APP: &str = "eac65c10c5c34df1824af96ec93a9eea";

fn metastudio() -> String {
    format!("/v1/{DEMO_PROJECT}/digital-assets/batch-action")
}

/// Whether the CodeArts demo application `APP` still exists: deleting it again tells.
async fn app_exists(address: SocketAddr) -> bool {
    let body = format!(r#"{{"project_id":"{DEMO_PROJECT}","application_ids":["{APP}"]}}"#);
    let reply = exchange(address, &request("POST", CODEARTS, &[TOKEN], body.as_bytes())).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json()["result"][0]["status"] == "success"
}

/// Class 1: the typed path reads a struct from an array and an enum from a map only if it trusts
/// serde; the routers refuse both, and nothing is deleted.
#[tokio::test]
async fn arrays_for_objects_and_maps_for_enums_are_refused_and_change_nothing() {
    let address = start().await;
    let array = format!(r#"["{DEMO_PROJECT}", ["{APP}"]]"#);
    let reply = exchange(address, &request("POST", CODEARTS, &[TOKEN], array.as_bytes())).await;
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert!(reply.json()["error_msg"].as_str().unwrap().contains("(root): must be of type object (type)"));
    let forced = br#"{"action":{"DELETE_FORCE":null},"asset_ids":["xxxxx1"]}"#;
    let reply = exchange(address, &request("POST", &metastudio(), &[TOKEN], forced)).await;
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert!(reply.json()["error_msg"].as_str().unwrap().contains("/action: must be of type string (type)"));
    let reply =
        exchange(address, &request("POST", &format!("/v1/{DEMO_PROJECT}/instances/batch-delete"), &[TOKEN], b"[]"))
            .await;
    assert_eq!(reply.status, 400, "{}", reply.text());
    // Still there: the first real delete succeeds, and the asset can still be deactivated.
    assert!(app_exists(address).await);
    let reply = exchange(
        address,
        &request("POST", &metastudio(), &[TOKEN], br#"{"action":"UNACTIVE","asset_ids":["xxxxx1"]}"#),
    )
    .await;
    assert_eq!(reply.json()["results"][0]["ret_status"], "SUCCESS", "{}", reply.text());
}

/// Class 2: credentials are checked before the body is read or validated: a wrong token with a
/// broken body gets the spec's 401, which tells nothing of the API's constraints.
#[tokio::test]
async fn authentication_comes_before_validation() {
    let address = start().await;
    let reply =
        exchange(address, &request("POST", CODEARTS, &[("X-Auth-Token", "wrong")], br#"{"application_ids":[]}"#)).await;
    assert_eq!(reply.status, 401, "{}", reply.text());
    assert_eq!(
        reply.json(),
        json!({"error_code": "DEV.00000003", "error_msg": "The token is missing, invalid or expired."})
    );
    let reply = exchange(address, &request("POST", &metastudio(), &[("X-Auth-Token", "wrong")], b"{")).await;
    assert_eq!((reply.status, reply.json()), (400, json!({"error_code": "MSS.00000001", "error_msg": "Unauthorized"})));
}

/// Class 3: one place decides the credential. A token that is present but unreadable, or given
/// twice with different values, is refused: it never falls through to AK/SK.
#[tokio::test]
async fn unreadable_or_ambiguous_credentials_are_refused_never_skipped() {
    let address = start().await;
    let body = br#"{"action":"DELETE_FORCE","asset_ids":["xxxxx2"]}"#;
    let mut raw = request("POST", &metastudio(), &[("Authorization", "anything")], body);
    // A token of non-ASCII bytes, inserted raw into the head.
    let at = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 2;
    raw.splice(at..at, b"X-Auth-Token: \xff\xfe\r\n".iter().copied());
    let reply = exchange(address, &raw).await;
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert_eq!(reply.json()["error_code"], "REQUEST.UNAUTHENTICATED");
    assert!(reply.json()["error_msg"].as_str().unwrap().contains("`X-Auth-Token` header cannot be read"));
    let twice = request("POST", &metastudio(), &[TOKEN, ("X-Auth-Token", "other")], body);
    let reply = exchange(address, &twice).await;
    assert_eq!(reply.status, 400);
    assert!(reply.json()["error_msg"].as_str().unwrap().contains("more than once"), "{}", reply.text());
    // The asset is still there.
    let reply =
        exchange(address, &request("POST", &metastudio(), &[TOKEN], br#"{"action":"SHARE","asset_ids":["xxxxx2"]}"#))
            .await;
    assert_eq!(reply.json()["results"][0]["ret_status"], "SUCCESS", "{}", reply.text());
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

/// Class 4: crafted escapes in the URL of a signed request are answered, never a panic.
#[tokio::test]
async fn crafted_urls_on_signed_requests_get_an_answer() {
    let address = start().await;
    let date = sdk_date(now());
    let authorization = format!("SDK-HMAC-SHA256 Access={DEV_AK}, SignedHeaders=x-sdk-date, Signature=00");
    for query in ["a=%1\u{e9}", "%\u{20ac}", "%", "a=%%%", "%ZZ=%G0", "\u{1F600}=%F0%9F"] {
        let path = format!("{}?{query}", metastudio());
        let raw = request(
            "POST",
            &path,
            &[("Authorization", &authorization), ("X-Sdk-Date", &date)],
            br#"{"action":"DELETE","asset_ids":["xxxxx3"]}"#,
        );
        let reply = exchange(address, &raw).await;
        assert!(matches!(reply.status, 400), "{query}: {} {}", reply.status, reply.text());
    }
}

/// A path segment that is not UTF-8 once percent-decoded is named as such, at its parameter, and
/// the other parameters are read as usual; nothing is acted on.
#[tokio::test]
async fn undecodable_path_segments_are_named_at_their_parameter() {
    let address = start().await;
    let delete = "/v1/%FF%FE/instances/batch-delete";
    let reply = exchange(address, &request("POST", delete, &[TOKEN], br#"{"instances":["i"]}"#)).await;
    assert_eq!(reply.status, 400, "{}", reply.text());
    let message = reply.json()["error_msg"].as_str().unwrap().to_string();
    assert!(
        message.contains("1 violation: /path/project_id: the path segment is not UTF-8 after percent-decoding (text)"),
        "{message}"
    );
    // Two parameters, the second broken: only it is reported.
    let job = format!("/v2/{DEMO_PROJECT}/instances/{DEMO_INSTANCE}/assets/jobs/%C3%28");
    let reply = exchange(address, &request("GET", &job, &[TOKEN], b"")).await;
    assert_eq!(reply.status, 400, "{}", reply.text());
    let message = reply.json()["error_msg"].as_str().unwrap().to_string();
    assert!(message.contains("1 violation: /path/job_id: the path segment is not UTF-8"), "{message}");
}

/// Class 5: nothing is buffered before the checks that can refuse: an unauthenticated request
/// announcing 10 MiB is answered before a byte of its body is sent, and an authenticated one over
/// the limit gets 413 from its `Content-Length`.
#[tokio::test]
async fn large_bodies_are_refused_from_the_head() {
    let address = start().await;
    for (token, status) in [("wrong", 400), ("dev-token", 413)] {
        let mut stream = TcpStream::connect(address).await.unwrap();
        let head = format!(
            "POST {} HTTP/1.1\r\nHost: test\r\nX-Auth-Token: {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            metastudio(),
            13 * 1024 * 1024
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let reply = tokio::time::timeout(Duration::from_secs(5), read_response(&mut stream))
            .await
            .expect("answered without the body")
            .expect("a response");
        assert_eq!(reply.status, status, "{}", reply.text());
        // 13 MiB is more than the drain bound: the server says it will close.
        assert_eq!(reply.header("connection"), Some("close"));
    }
    // A chunked body, of unknown length, is not waited for either.
    let mut stream = TcpStream::connect(address).await.unwrap();
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: test\r\nX-Auth-Token: wrong\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n100\r\n",
        metastudio()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let reply = tokio::time::timeout(Duration::from_secs(5), read_response(&mut stream)).await.unwrap().unwrap();
    assert_eq!((reply.status, reply.header("connection")), (400, Some("close")));
}

/// Class 6: a body of half a million wrong items gets a bounded answer: the first violations with
/// their pointers and a count of the rest.
#[tokio::test]
async fn error_answers_are_bounded() {
    let address = start().await;
    let items = vec!["1"; 500_000].join(",");
    let body = format!(r#"{{"project_id":"{DEMO_PROJECT}","application_ids":[{items}]}}"#);
    assert!(body.len() < 1024 * 1024);
    let reply = exchange(address, &request("POST", CODEARTS, &[TOKEN], body.as_bytes())).await;
    assert_eq!(reply.status, 400);
    assert!(reply.body.len() < 16 * 1024, "{} bytes", reply.body.len());
    let message = reply.json()["error_msg"].as_str().unwrap().to_string();
    assert!(
        message.contains("500001 violations: /application_ids: must have at most 50 items (maxItems)"),
        "{message}"
    );
    assert!(message.ends_with("; and 499901 more, not listed"), "{message}");
}

/// Deep nesting is refused by the JSON reader's depth limit, on the typed path and the tree path
/// alike, with a violation, never a stack overflow.
#[tokio::test]
async fn deeply_nested_bodies_are_refused() {
    let address = start().await;
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let body = format!("{}1{}", open.repeat(100_000), close.repeat(100_000));
        let reply = exchange(address, &request("POST", CODEARTS, &[TOKEN], body.as_bytes())).await;
        assert_eq!(reply.status, 400, "{}", reply.text());
        assert!(reply.json()["error_msg"].as_str().unwrap().contains("malformed JSON"), "{}", reply.text());
    }
}

/// Class 7: broken framing is a malformed request (400), not "too large".
#[tokio::test]
async fn framing_errors_are_bad_requests() {
    let address = start().await;
    let head = format!(
        "POST {CODEARTS} HTTP/1.1\r\nHost: test\r\nX-Auth-Token: dev-token\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    for chunks in ["zz\r\n{}\r\n0\r\n\r\n", "FFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n"] {
        let reply = exchange(address, format!("{head}{chunks}").as_bytes()).await;
        assert_eq!(reply.status, 400, "{chunks:?}: {}", reply.text());
        assert_eq!(reply.json()["error_code"], "REQUEST.MALFORMED");
        assert_eq!(reply.header("connection"), Some("close"), "the connection cannot carry another request");
    }
    // A short body: the client says 100 bytes, sends 10 and stops sending.
    let mut stream = TcpStream::connect(address).await.unwrap();
    let short = format!(
        "POST {CODEARTS} HTTP/1.1\r\nHost: test\r\nX-Auth-Token: dev-token\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"project\""
    );
    stream.write_all(short.as_bytes()).await.unwrap();
    stream.shutdown().await.unwrap();
    let reply = read_response(&mut stream).await.expect("a response");
    assert_eq!((reply.status, reply.json()["error_code"].clone()), (400, json!("REQUEST.MALFORMED")));
}

/// Class 7b: a request line or head too long for the HTTP layer is refused there, before any
/// route: hyper answers 414 (a URI over 65,534 bytes) or 431 (a head over its 408 KiB buffer, by
/// up to one read) with no body and closes the connection (README, "Bounds"); the server keeps
/// serving.
#[tokio::test]
async fn oversized_heads_are_refused_by_the_http_layer() {
    let address = start().await;
    let long_uri = format!("{CODEARTS}?x={}", "a".repeat(70_000));
    let reply = exchange(address, &request("POST", &long_uri, &[TOKEN], b"{}")).await;
    assert_eq!((reply.status, reply.body.len(), reply.header("connection")), (414, 0, Some("close")));
    // Over twice the buffer: hyper checks its length between reads, and a read fills its spare
    // capacity (which doubles), so a head of 500 KB could pass when one read completed it (it did,
    // under load).
    let big_header = "a".repeat(900_000);
    let reply = exchange(address, &request("POST", CODEARTS, &[TOKEN, ("X-Padding", &big_header)], b"{}")).await;
    assert_eq!((reply.status, reply.body.len(), reply.header("connection")), (431, 0, Some("close")));
    // A URI just under the limit reaches the router, which answers in the spec's shape.
    let long_query = format!("{CODEARTS}?x={}", "a".repeat(60_000));
    let reply = exchange(address, &request("POST", &long_query, &[TOKEN], b"{}")).await;
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert!(reply.json()["error_msg"].is_string(), "{}", reply.text());
}

/// Class 8: after an early answer the connection still works: the unread body is drained, so the
/// client's next request on the same connection is served, and a client that sends a whole
/// oversized body before reading gets the 413, not a broken pipe.
#[tokio::test]
async fn early_answers_keep_the_connection_usable() {
    let address = start().await;
    let mut stream = TcpStream::connect(address).await.unwrap();
    let text = vec![b'x'; 200_000];
    for (headers, status) in
        [(vec![TOKEN, ("Content-Type", "text/plain")], 415), (vec![("X-Auth-Token", "wrong")], 401), (vec![], 401)]
    {
        stream.write_all(&request("POST", CODEARTS, &headers, &text)).await.unwrap();
        let reply = read_response(&mut stream).await.expect("a response");
        assert_eq!(reply.status, status, "{}", reply.text());
        assert_eq!(reply.header("connection"), None);
    }
    let body = format!(r#"{{"project_id":"{DEMO_PROJECT}","application_ids":["none"]}}"#);
    stream.write_all(&request("POST", CODEARTS, &[TOKEN], body.as_bytes())).await.unwrap();
    assert_eq!(read_response(&mut stream).await.expect("the next request is served").status, 200);

    for _ in 0..5 {
        let mut stream = TcpStream::connect(address).await.unwrap();
        let big = request("POST", CODEARTS, &[TOKEN], &vec![b' '; 3 * 1024 * 1024]);
        // Written whole before reading, as urllib does.
        let writer = async {
            stream.write_all(&big).await.expect("the server reads the body it refused");
        };
        tokio::time::timeout(Duration::from_secs(10), writer).await.unwrap();
        let reply = read_response(&mut stream).await.expect("the 413 arrives");
        assert_eq!(reply.status, 413);
        assert_eq!(reply.json()["error_code"], "REQUEST.TOO_LARGE");
    }
}

/// Class 9: a client that sends half a request head is cut off after the header-read timeout, and
/// shutdown finishes within its grace period even while such a client holds a connection.
#[tokio::test]
async fn slow_heads_time_out_and_shutdown_has_a_deadline() {
    let options =
        ServeOptions { header_read_timeout: Duration::from_millis(300), shutdown_grace: Duration::from_millis(300) };
    let (address, stop, server) = start_with(options).await;
    let mut slow = TcpStream::connect(address).await.unwrap();
    slow.write_all(b"POST /v2/applications/batch-delete HTTP/1.1\r\nHost: te").await.unwrap();
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "the half-sent head was cut off");
    // An idle kept-alive connection is cut off the same way.
    let mut idle = TcpStream::connect(address).await.unwrap();
    let body = format!(r#"{{"project_id":"{DEMO_PROJECT}","application_ids":["none"]}}"#);
    idle.write_all(&request("POST", CODEARTS, &[TOKEN], body.as_bytes())).await.unwrap();
    assert_eq!(read_response(&mut idle).await.unwrap().status, 200);
    let closed = tokio::time::timeout(Duration::from_secs(5), idle.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "the idle connection was closed");
    // Shutdown with a connection that never finishes its head.
    let mut hanging = TcpStream::connect(address).await.unwrap();
    hanging.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), server).await.expect("shutdown within its deadline").unwrap();
}

/// Class 10: a ROMA job belongs to the user who created it; another user's token does not find it.
/// The server shows an AK/SK secret only when it is the public development default.
#[tokio::test]
async fn jobs_belong_to_their_owner_and_secrets_are_not_printed() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let config = Config { tokens: vec!["alice".into(), "bob".into()], ..Config::default() };
    tokio::spawn(serve_with(listener, config, ServeOptions::default(), std::future::pending()));
    let base = format!("/v2/{DEMO_PROJECT}/instances/9dd5ee1b-5a2e-4a8f-a9a7-1a2c1f4c2d10/assets");
    let created = exchange(
        address,
        &request("POST", &format!("{base}/export"), &[("X-Auth-Token", "alice")], br#"{"apps":[],"tasks":[]}"#),
    )
    .await;
    let job = created.json()["job_id"].as_str().unwrap().to_string();
    let status = |token| request("GET", &format!("{base}/jobs/{job}"), &[("X-Auth-Token", token)], b"");
    assert_eq!(exchange(address, &status("alice")).await.status, 200);
    let other = exchange(address, &status("bob")).await;
    assert_eq!((other.status, other.json()["error_code"].clone()), (404, json!("ROMA.00010003")));

    let shown = startup_lines(&Config::default()).join("\n");
    assert!(shown.contains(DEV_SK), "the development secret is shown");
    let private = Config { access_keys: vec![("AK1".into(), "s3cr3t-value".into())], ..Config::default() };
    let shown = startup_lines(&private).join("\n");
    assert!(shown.contains("AK1") && !shown.contains("s3cr3t-value"), "{shown}");
}

/// Class 11: a repeated key is named at its pointer; an unsupported coding, or two `Content-Type`s
/// that differ, is 415.
#[tokio::test]
async fn duplicate_keys_and_codings() {
    let address = start().await;
    let body = format!(r#"{{"project_id":"{DEMO_PROJECT}","application_ids":["a"],"project_id":"other"}}"#);
    let reply = exchange(address, &request("POST", CODEARTS, &[TOKEN], body.as_bytes())).await;
    assert_eq!(reply.status, 400);
    let message = reply.json()["error_msg"].as_str().unwrap().to_string();
    assert!(message.contains("1 violation: /project_id: the object has this key more than once (json)"), "{message}");
    assert!(!message.contains("other"));
    let raw = format!(
        "POST {CODEARTS} HTTP/1.1\r\nHost: test\r\nX-Auth-Token: dev-token\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\n{{}}\r\n0\r\n\r\n"
    );
    let reply = exchange(address, raw.as_bytes()).await;
    assert_eq!((reply.status, reply.json()["error_code"].clone()), (415, json!("REQUEST.UNSUPPORTED_MEDIA_TYPE")));
    let reply = exchange(address, &request("POST", CODEARTS, &[TOKEN, ("Content-Encoding", "gzip")], b"{}")).await;
    assert_eq!(reply.status, 415);
    // Two `Content-Type`s that differ (a proxy may read the other one): refused, nothing deleted.
    let delete = format!(r#"{{"project_id":"{DEMO_PROJECT}","application_ids":["{APP}"]}}"#);
    let types = [("Content-Type", "application/json"), ("Content-Type", "text/plain")];
    let reply = exchange(address, &request("POST", CODEARTS, &[TOKEN, types[0], types[1]], delete.as_bytes())).await;
    assert_eq!((reply.status, reply.json()["error_code"].clone()), (415, json!("REQUEST.UNSUPPORTED_MEDIA_TYPE")));
    assert!(reply.text().contains("`Content-Type` header is given more than once"), "{}", reply.text());
    assert!(app_exists(address).await);
}

/// A signed request still works end to end through `authenticate` and `verify_body`.
#[tokio::test]
async fn signed_requests_are_verified_over_the_body() {
    let address = start().await;
    let path = metastudio();
    let body = br#"{"action":"UNACTIVE","asset_ids":["xxxxx4"]}"#;
    let date = sdk_date(now());
    let headers = vec![("host".to_string(), "test".to_string()), ("x-sdk-date".to_string(), date.clone())];
    let signed: Vec<String> = ["host", "x-sdk-date"].map(String::from).to_vec();
    let signature =
        sign(&SignedRequest { method: "POST", path: &path, query: "", headers: &headers, body }, &signed, DEV_SK);
    let authorization =
        format!("SDK-HMAC-SHA256 Access={DEV_AK}, SignedHeaders=host;x-sdk-date, Signature={signature}");
    let ok = request("POST", &path, &[("Authorization", &authorization), ("X-Sdk-Date", &date)], body);
    assert_eq!(exchange(address, &ok).await.status, 200);
    let tampered = br#"{"action":"UNACTIVE","asset_ids":["xxxxx3"]}"#;
    let reply = exchange(
        address,
        &request("POST", &path, &[("Authorization", &authorization), ("X-Sdk-Date", &date)], tampered),
    )
    .await;
    assert_eq!((reply.status, reply.json()["error_code"].clone()), (400, json!("MSS.00000001")));
}
