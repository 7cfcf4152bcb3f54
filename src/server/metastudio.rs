//! MetaStudio: assets with a state. DELETE (recoverable by RESTORE), DELETE_FORCE (gone),
//! ACTIVE/UNACTIVE, SHARE/UNSHARE; results grouped as SUCCESS/FAILED with `error_info`. Token or
//! AK/SK credentials; a failed authentication is the page's 400 `MSS.00000001 Unauthorized`.

use super::signing::{self, Authorization, SignedRequest};
use super::store::{Asset, AssetState};
use super::State;
use crate::metastudio::*;
use crate::runtime::axum::{self, body::Body, extract::Request, middleware::Next, response::Response};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The MetaStudio service on the shared state.
pub struct Service(pub Arc<State>);

fn unauthorized() -> ErrorResponse {
    ErrorResponse { error_code: Some("MSS.00000001".into()), error_msg: Some("Unauthorized".into()) }
}

/// What an action does to one asset, or why it cannot.
fn apply(action: BatchAssetActionRequestAction, asset: &mut Asset) -> Result<(), (&'static str, &'static str)> {
    use BatchAssetActionRequestAction as A;
    let deleted = asset.state == AssetState::Deleted;
    match action {
        A::Delete if deleted => return Err(("MSS.00000103", "The asset is already deleted.")),
        A::Delete => {
            asset.before_delete = asset.state;
            asset.state = AssetState::Deleted;
        }
        A::Restore if !deleted => return Err(("MSS.00000104", "The asset is not deleted.")),
        A::Restore => asset.state = asset.before_delete,
        _ if deleted => return Err(("MSS.00000105", "The asset is deleted; restore it first.")),
        A::Active => asset.state = AssetState::Active,
        A::Unactive => asset.state = AssetState::Unactive,
        A::Share => asset.shared = true,
        A::Unshare => asset.shared = false,
        // Handled by the caller, which removes the asset.
        A::DeleteForce => {}
    }
    Ok(())
}

impl MetastudioApi for Service {
    async fn batch_execute_asset_action(&self, input: BatchExecuteAssetActionInput) -> BatchExecuteAssetActionOutput {
        let state = &self.0;
        // A signed request was verified by `verify_signature` before routing.
        if let Credential::Token { x_auth_token } = &input.credential {
            if !state.token_ok(x_auth_token) {
                return BatchExecuteAssetActionOutput::BadRequest {
                    body: unauthorized(),
                    x_request_id: Some(state.new_id()),
                };
            }
        }
        let action = input.body.action;
        let mut store = state.store();
        let mut project = store.metastudio.get_mut(&input.path.project_id);
        let mut succeeded = Vec::new();
        let mut failed: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
        for id in &input.body.asset_ids {
            let outcome = match project.as_mut().and_then(|assets| assets.get_mut(id)) {
                None => Err(("MSS.00000102", "The asset does not exist.")),
                Some(asset) => apply(action, asset),
            };
            match outcome {
                Ok(()) => {
                    if action == BatchAssetActionRequestAction::DeleteForce {
                        if let Some(assets) = project.as_mut() {
                            assets.remove(id);
                        }
                    }
                    succeeded.push(id.clone());
                }
                Err(reason) => failed.entry(reason).or_default().push(id.clone()),
            }
        }
        let mut results = Vec::new();
        if !succeeded.is_empty() {
            results.push(AssetActionResult {
                ret_status: Some(AssetActionResultRetStatus::Success),
                asset_ids: Some(succeeded),
                error_info: None,
            });
        }
        for ((code, message), ids) in failed {
            results.push(AssetActionResult {
                ret_status: Some(AssetActionResultRetStatus::Failed),
                asset_ids: Some(ids),
                error_info: Some(ErrorResponse { error_code: Some(code.into()), error_msg: Some(message.into()) }),
            });
        }
        BatchExecuteAssetActionOutput::Ok {
            body: BatchAssetActionResponse { results: Some(results) },
            x_request_id: Some(state.new_id()),
        }
    }
}

/// AK/SK: verifies an `SDK-HMAC-SHA256` authorization before routing (it needs the raw request);
/// a bad one gets the page's 400. Requests without it, or with a token (which takes precedence as
/// the first security alternative), pass on to the generated checks.
pub async fn verify_signature(
    axum::extract::State(state): axum::extract::State<Arc<State>>,
    request: Request,
    next: Next,
) -> Response {
    let has_token = request.headers().get("x-auth-token").is_some_and(|v| !v.is_empty());
    let authorization = request.headers().get("authorization").and_then(|v| v.to_str().ok()).map(str::to_string);
    let Some(value) = authorization.filter(|_| !has_token) else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    // The gateway's limit for signed bodies is 12 MB; the route applies its own, smaller one.
    let Ok(bytes) = axum::body::to_bytes(body, 12 * 1024 * 1024).await else {
        return reject(&state);
    };
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect();
    let date = headers.iter().find(|(k, _)| k == "x-sdk-date").map(|(_, v)| v.as_str()).unwrap_or("");
    let valid = Authorization::parse(&value).is_some_and(|auth| {
        let Some((_, sk)) = state.config.access_keys.iter().find(|(ak, _)| *ak == auth.access) else { return false };
        let signed = SignedRequest {
            method: parts.method.as_str(),
            path: parts.uri.path(),
            query: parts.uri.query().unwrap_or(""),
            headers: &headers,
            body: &bytes,
        };
        signing::verify(&signed, &auth, sk) && date_is_fresh(date)
    });
    if !valid {
        return reject(&state);
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

fn reject(state: &State) -> Response {
    use crate::runtime::axum::response::IntoResponse;
    BatchExecuteAssetActionOutput::BadRequest { body: unauthorized(), x_request_id: Some(state.new_id()) }
        .into_response()
}

/// `YYYYMMDDTHHMMSSZ` within 15 minutes of now, as the gateway requires.
fn date_is_fresh(date: &str) -> bool {
    let Some(signed) = parse_sdk_date(date) else { return false };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    (now - signed).abs() <= 15 * 60
}

/// Seconds since the Unix epoch of an `X-Sdk-Date` value.
pub fn parse_sdk_date(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| date.get(range)?.parse::<i64>().ok();
    let (y, m, d, hh, mm, ss) = (num(0..4)?, num(4..6)?, num(6..8)?, num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // Days from civil date (proleptic Gregorian), after Howard Hinnant's algorithm.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sdk_dates() {
        assert_eq!(super::parse_sdk_date("19700101T000000Z"), Some(0));
        assert_eq!(super::parse_sdk_date("20191115T033655Z"), Some(1_573_789_015));
        assert_eq!(super::parse_sdk_date("2019-11-15T03:36"), None);
    }
}
