//! Credentials: the one place that decides which credential a request carries. The alternatives are
//! tried in the spec's order and the first whose every part is present is taken; a part of a tried
//! alternative that is present but unreadable (not visible ASCII, empty) or given twice with
//! different values refuses the request, so that no reader can fall through to another alternative
//! and no later step can see a different credential than this one.

use super::server::{cookies, Incoming, Rejection};
use crate::vocabulary::CredentialSource;
use std::borrow::Cow;
use std::fmt;

/// A generated credential enum: it reads, from a request, the first security alternative whose
/// every part is present.
pub trait Credentials: Sized {
    /// The credentials `request` presents: `Ok(None)` when no accepted alternative is complete, an
    /// error when a credential is present but unreadable or ambiguous.
    fn read(request: &Incoming) -> Result<Option<Self>, CredentialFault>;
}

/// A credential that is present but cannot be taken as one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialFault {
    /// Empty, or not visible ASCII.
    Unreadable(CredentialSource),
    /// Given more than once, with different values.
    Ambiguous(CredentialSource),
}

impl fmt::Display for CredentialFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialFault::Unreadable(source) => {
                write!(f, "{source} cannot be read: a credential is non-empty visible ASCII")
            }
            CredentialFault::Ambiguous(source) => write!(f, "{source} is given more than once, with different values"),
        }
    }
}

impl Incoming {
    /// The credentials of type `C` the request presents; `None` (with the refusal recorded for
    /// [`Incoming::refuse`]: the operation's unauthenticated status) when none is complete or one
    /// cannot be read.
    pub fn credentials<C: Credentials>(&mut self) -> Option<C> {
        match self.optional_credentials::<C>()? {
            Some(credential) => Some(credential),
            None => {
                let reason = "the request carries no accepted credentials";
                self.refusal = Some(Rejection::Unauthenticated(reason.into()));
                None
            }
        }
    }

    /// As [`Incoming::credentials`] where anonymous calls are allowed: `Some(None)` when none is
    /// present.
    pub fn optional_credentials<C: Credentials>(&mut self) -> Option<Option<C>> {
        match C::read(self) {
            Ok(credential) => Some(credential),
            Err(fault) => {
                self.refusal = Some(Rejection::Unauthenticated(fault.to_string().into()));
                None
            }
        }
    }

    /// Looks up one part of a credential: `None` when absent, an error when present but unreadable
    /// or given twice with different values.
    pub fn credential_part(&self, source: CredentialSource) -> Result<Option<String>, CredentialFault> {
        let headers = &self.parts.headers;
        match source {
            CredentialSource::Header(name) => single(source, headers.get_all(name).iter().map(|v| v.as_bytes())),
            CredentialSource::Query(name) => {
                let query = self.parts.uri.query().unwrap_or("").as_bytes();
                let values = form_urlencoded::parse(query).filter(|(k, _)| k == name).map(|(_, v)| match v {
                    Cow::Borrowed(v) => Cow::Borrowed(v.as_bytes()),
                    Cow::Owned(v) => Cow::Owned(v.into_bytes()),
                });
                single(source, values)
            }
            CredentialSource::Cookie(name) => {
                let values = cookies(headers).filter(|(k, _)| *k == name.as_bytes()).map(|(_, v)| v);
                single(source, values)
            }
            CredentialSource::Bearer | CredentialSource::Basic | CredentialSource::Authorization(_) => {
                let scheme = match source {
                    CredentialSource::Bearer => "bearer",
                    CredentialSource::Authorization(scheme) => scheme,
                    _ => "basic",
                };
                let authorization = CredentialSource::Header("authorization");
                let value = single(authorization, headers.get_all("authorization").iter().map(|v| v.as_bytes()))
                    .map_err(|fault| match fault {
                        CredentialFault::Unreadable(_) => CredentialFault::Unreadable(source),
                        CredentialFault::Ambiguous(_) => CredentialFault::Ambiguous(source),
                    })?;
                let Some(value) = value else { return Ok(None) };
                // Another scheme in `Authorization` is not this credential (another alternative may
                // take it); this scheme with nothing after it is unreadable.
                match value.split_once(' ') {
                    Some((given, rest)) if given.eq_ignore_ascii_case(scheme) => match rest.trim() {
                        "" => Err(CredentialFault::Unreadable(source)),
                        token => Ok(Some(token.to_string())),
                    },
                    _ if value.eq_ignore_ascii_case(scheme) => Err(CredentialFault::Unreadable(source)),
                    _ => Ok(None),
                }
            }
        }
    }
}

/// The one value of a credential given as `values` (raw bytes or decoded text, any number of times).
fn single<V: AsRef<[u8]>>(
    source: CredentialSource,
    values: impl Iterator<Item = V>,
) -> Result<Option<String>, CredentialFault> {
    let mut found: Option<String> = None;
    for value in values {
        let text = std::str::from_utf8(value.as_ref().trim_ascii()).ok().filter(|t| is_credential_text(t));
        let text = text.ok_or(CredentialFault::Unreadable(source))?;
        match &found {
            Some(earlier) if earlier != text => return Err(CredentialFault::Ambiguous(source)),
            Some(_) => {}
            None => found = Some(text.to_string()),
        }
    }
    Ok(found)
}

/// Non-empty, and visible ASCII or spaces (as `Authorization` values have).
fn is_credential_text(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| (0x20..=0x7e).contains(&b))
}
