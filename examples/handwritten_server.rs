//! The benchmark peer for the server row of BENCHMARKS.md: BatchDeleteApp written by hand with axum,
//! doing the same work as the generated route (token header, JSON media type, typed parse, the
//! 1..=50 limit, one result per ID, a JSON error body) without the generator.
//!
//! `cargo run --release --example handwritten_server -- 127.0.0.1:18081`

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct Request {
    project_id: String,
    application_ids: Vec<String>,
}

#[derive(Serialize)]
struct Result {
    application_id: String,
    status: &'static str,
    error_reason: &'static str,
}

#[derive(Serialize)]
struct Reply {
    result: Vec<Result>,
    total_num: usize,
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({"error_code": code, "error_msg": message});
    (status, [("content-type", "application/json")], body.to_string()).into_response()
}

async fn batch_delete(headers: HeaderMap, body: Bytes) -> Response {
    if headers.get("x-auth-token").is_none_or(|t| t.as_bytes() != b"dev-token") {
        return error(StatusCode::UNAUTHORIZED, "DEV.00000003", "The token is missing, invalid or expired.");
    }
    if headers.get("content-type").is_none_or(|t| !t.as_bytes().starts_with(b"application/json")) {
        return error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "REQUEST.UNSUPPORTED_MEDIA_TYPE", "application/json only");
    }
    let request: Request = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(_) => return error(StatusCode::BAD_REQUEST, "REQUEST.INVALID", "malformed body"),
    };
    if request.project_id.is_empty() && request.application_ids.is_empty() {
        return error(StatusCode::BAD_REQUEST, "REQUEST.INVALID", "nothing to delete");
    }
    let n = request.application_ids.len();
    if !(1..=50).contains(&n) {
        return error(StatusCode::BAD_REQUEST, "REQUEST.INVALID", "/application_ids: must have 1 to 50 items");
    }
    let result: Vec<Result> = request
        .application_ids
        .into_iter()
        .map(|id| Result {
            application_id: id,
            status: "error",
            error_reason: "The application does not exist in the project.",
        })
        .collect();
    let reply = Reply { total_num: result.len(), result };
    (StatusCode::OK, [("content-type", "application/json")], serde_json::to_vec(&reply).unwrap_or_default())
        .into_response()
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:18081".to_string());
    let app = axum::Router::new().route("/v2/applications/batch-delete", post(batch_delete));
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("hand-written BatchDeleteApp on http://{address}");
    axum::serve(listener, app).await
}
