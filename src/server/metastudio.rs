//! MetaStudio: assets with a state. DELETE (recoverable by RESTORE), DELETE_FORCE (gone),
//! ACTIVE/UNACTIVE, SHARE/UNSHARE; results grouped as SUCCESS/FAILED with `error_info`. Token or
//! AK/SK credentials; a failed authentication is the page's 400 `MSS.00000001 Unauthorized`.

use super::signing::{self, Authorization, SignedRequest};
use super::state::State;
use super::store::{Asset, AssetState};
use crate::metastudio::*;
use crate::runtime::http::{Denied, RequestHead};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The MetaStudio service on the shared state.
pub struct Service(pub Arc<State>);

/// The page's answer to a failed authentication (with its 400 status).
fn unauthorized() -> Denied {
    Denied::new("Unauthorized").with_code("MSS.00000001")
}

/// Who called: a valid token, or an AK/SK signature whose key, date and signed headers passed and
/// whose signature is checked over the body once it is read.
pub enum Caller {
    /// A valid `X-Auth-Token`.
    Token,
    /// An `SDK-HMAC-SHA256` authorization of a known access key.
    Signed {
        /// The access key's secret.
        secret: String,
        /// The parsed `Authorization` header.
        authorization: Authorization,
    },
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
    type Principal = Caller;

    async fn authenticate(&self, credential: Credential, request: &RequestHead<'_>) -> Result<Caller, Denied> {
        let state = &self.0;
        match credential {
            Credential::Token { x_auth_token } if state.token_ok(&x_auth_token) => Ok(Caller::Token),
            Credential::Token { .. } => Err(unauthorized()),
            Credential::Aksk { authorization } => {
                let authorization = Authorization::parse(&authorization).ok_or_else(unauthorized)?;
                let (_, secret) = state
                    .config
                    .access_keys
                    .iter()
                    .find(|(ak, _)| *ak == authorization.access)
                    .ok_or_else(unauthorized)?;
                let date = request.headers.get("x-sdk-date").and_then(|v| v.to_str().ok()).unwrap_or("");
                let dated = authorization.signed_headers.iter().any(|h| h == "x-sdk-date") && date_is_fresh(date);
                if !dated {
                    return Err(unauthorized());
                }
                Ok(Caller::Signed { secret: secret.clone(), authorization })
            }
        }
    }

    /// The signature covers the body, so it is checked once the body is read (within its limit).
    async fn verify_body(&self, caller: &Caller, request: &RequestHead<'_>, body: &[u8]) -> Result<(), Denied> {
        let Caller::Signed { secret, authorization } = caller else { return Ok(()) };
        let headers = signing::header_pairs(request.headers);
        let signed = SignedRequest {
            method: request.method.as_str(),
            path: request.uri.path(),
            query: request.uri.query().unwrap_or(""),
            headers: &headers,
            body,
        };
        if signing::verify(&signed, authorization, secret) {
            Ok(())
        } else {
            Err(unauthorized())
        }
    }

    async fn batch_execute_asset_action(
        &self,
        _: Caller,
        input: BatchExecuteAssetActionInput,
    ) -> BatchExecuteAssetActionOutput {
        let state = &self.0;
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

/// `YYYYMMDDTHHMMSSZ` within 15 minutes of now, as the gateway requires.
fn date_is_fresh(date: &str) -> bool {
    let Some(signed) = super::signing::parse_sdk_date(date) else { return false };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    (now - signed).abs() <= 15 * 60
}
