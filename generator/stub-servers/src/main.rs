//! `stub-server SPEC ADDRESS`: serves one of the vendors' specs that build.rs generated with default
//! stubs, so that every operation answers 501 Not Implemented once the generated router's checks
//! (credentials, parameters, body) have passed. `.ci/schemathesis` probes these servers: invalid
//! input must be refused with a 4xx in the spec's error shape, valid input must reach the stub
//! (501), and nothing may fail with a 500 or close the connection.

#[cfg(vendor_specs)]
include!(concat!(env!("OUT_DIR"), "/vendors.rs"));

/// Admits only HTTP basic `user:pass` (schemathesis `--auth user:pass`), given as the part after
/// `Basic `.
#[cfg(vendor_specs)]
fn user_pass(credentials: Option<&str>) -> Result<(), openapi_forge_runtime::http::Denied> {
    match credentials {
        Some("dXNlcjpwYXNz") => Ok(()),
        _ => Err(openapi_forge_runtime::http::Denied::new("unknown credentials")),
    }
}

/// Every operation of the museum stubbed; its basic credentials admitted by [`user_pass`].
#[cfg(vendor_specs)]
struct Museum;

#[cfg(vendor_specs)]
impl redocly_museum_openapi::RedoclyMuseumOpenapiApi for Museum {
    type Principal = ();

    async fn authenticate(
        &self,
        credential: redocly_museum_openapi::Credential,
        _: &openapi_forge_runtime::http::RequestHead<'_>,
    ) -> Result<(), openapi_forge_runtime::http::Denied> {
        let redocly_museum_openapi::Credential::MuseumPlaceholderAuth { credentials } = credential;
        user_pass(Some(&credentials))
    }
}

/// keeper's operations stubbed; the `Authorization` header parameter it declares (no security
/// scheme) is read as the credential, which [`user_pass`] decides on.
#[cfg(vendor_specs)]
struct Keeper;

#[cfg(vendor_specs)]
impl keeper::KeeperApi for Keeper {
    type Principal = ();

    async fn authenticate(
        &self,
        credential: keeper::Credential,
        _: &openapi_forge_runtime::http::RequestHead<'_>,
    ) -> Result<(), openapi_forge_runtime::http::Denied> {
        let keeper::Credential::Authorization { authorization } = credential;
        user_pass(authorization.strip_prefix("Basic "))
    }
}

/// Every operation stubbed, for the specs without security.
#[cfg(vendor_specs)]
struct Stubs;

#[cfg(vendor_specs)]
impl oai_petstore_expanded::OaiPetstoreExpandedApi for Stubs {}
#[cfg(vendor_specs)]
impl buildomat::BuildomatApi for Stubs {}
#[cfg(vendor_specs)]
impl propolis_server::PropolisServerApi for Stubs {}

#[cfg(vendor_specs)]
fn router(spec: &str) -> Option<openapi_forge_runtime::axum::Router> {
    Some(match spec {
        "oai-petstore-expanded" => oai_petstore_expanded::router(Stubs),
        "redocly-museum-openapi" => redocly_museum_openapi::router(Museum),
        "keeper" => keeper::router(Keeper),
        "buildomat" => buildomat::router(Stubs),
        "propolis-server" => propolis_server::router(Stubs),
        _ => return None,
    })
}

#[cfg(not(vendor_specs))]
fn router(_: &str) -> Option<openapi_forge_runtime::axum::Router> {
    None
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [spec, address] = args.as_slice() else {
        eprintln!("usage: stub-server SPEC ADDRESS (SPEC: the file name without extension)");
        std::process::exit(2);
    };
    let Some(router) = router(spec) else {
        eprintln!("stub-server: no spec `{spec}` (or ../shared was absent when this was built)");
        std::process::exit(2);
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
    let served = runtime.and_then(|runtime| {
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind(address.as_str()).await?;
            let options = openapi_forge_runtime::http::ServeOptions::default();
            openapi_forge_runtime::http::serve(listener, router, options, std::future::pending()).await
        })
    });
    if let Err(err) = served {
        eprintln!("stub-server: {err}");
        std::process::exit(1);
    }
}
