//! Every vendor's document generated code that compiled with warnings denied (the crate built);
//! here, check that all of them are there and that their validators run.

/// Without ../shared the crate generates nothing: a skip, except under CI, where it is a failure.
fn modules() -> Vec<&'static str> {
    let modules: Vec<&str> = openapi_forge_vendors::MODULES.lines().collect();
    if modules.is_empty() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "no documents found in {} under CI: ../shared must be beside the checkout",
            openapi_forge_vendors::VENDORS_DIR
        );
        println!("SKIPPED: no documents found in {} (../shared absent)", openapi_forge_vendors::VENDORS_DIR);
    }
    modules
}

#[test]
fn every_vendor_document_generated_and_compiled() {
    let modules = modules();
    if modules.is_empty() {
        return;
    }
    println!("generated and compiled without warnings: {}", modules.join(", "));
    let dir = std::path::Path::new(openapi_forge_vendors::VENDORS_DIR);
    let top: usize = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .map(|p| {
            if p.is_dir() {
                std::fs::read_dir(&p).unwrap().filter_map(|e| e.ok().map(|e| e.path())).filter(|q| is_spec(q)).count()
            } else {
                usize::from(is_spec(&p))
            }
        })
        .sum();
    assert_eq!(modules.len(), top, "one module per document: {modules:?}");
}

fn is_spec(path: &std::path::Path) -> bool {
    path.is_file() && matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml"))
}

/// The generated validators do what the documents say, on a few schemas of each version and form.
#[test]
fn vendor_validators_run() {
    if modules().is_empty() {
        return;
    }
    use openapi_forge_vendors::*;
    use serde_json::json;
    // 3.1 (Discord): a pattern, and `type: ["string", "null"]` on a required property.
    assert!(discord_openapi::validate_component("SnowflakeType", &json!("123456789012345678")).unwrap().is_ok());
    assert!(discord_openapi::validate_component("SnowflakeType", &json!("not a snowflake")).unwrap().is_err());
    let account = |name| json!({"id": "1", "name": name});
    assert!(discord_openapi::validate_component("AccountResponse", &account(json!(null))).unwrap().is_ok());
    assert!(discord_openapi::validate_component("AccountResponse", &account(json!("x"))).unwrap().is_ok());
    assert!(discord_openapi::validate_component("AccountResponse", &account(json!(5))).unwrap().is_err());
    assert!(discord_openapi::validate_component("AccountResponse", &json!({"id": "1"})).unwrap().is_err());
    // An integer bound past 2^53, compared exactly: as a float, 2^54 - 1 is 2^54, which would pass.
    let install = |permissions: u64| json!({"permissions": permissions});
    let install_params = |v| discord_openapi::validate_component("ApplicationOAuth2InstallParams", &v).unwrap();
    assert!(install_params(install((1 << 54) - 1)).is_ok());
    let over = install_params(install(1 << 54)).unwrap_err().into_vec();
    assert_eq!(over.iter().map(|v| (v.pointer.as_str(), v.keyword)).collect::<Vec<_>>(), [("/permissions", "maximum")]);
    // Multi-file (SendGrid): a schema defined in spec/components/schemas.json.
    assert!(oas_v3::validate_component("global_error_response_schema", &json!({"errors": "no"})).unwrap().is_err());
    // 3.0 with `$ref`s into the middle of other schemas (PagerDuty).
    assert!(pagerduty_rest_openapiv3::validate_component("Tag", &json!({"type": "tag", "label": 5})).unwrap().is_err());
}

/// Client → generated router for a spec nobody here wrote (the expanded petstore): a query array,
/// an `allOf` answer, a `default` error with its status, a 204.
#[tokio::test]
async fn a_vendor_spec_round_trips_through_its_client_and_router() {
    if modules().is_empty() {
        return;
    }
    use openapi_forge_vendors::oai_petstore_expanded::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Store(Arc<Mutex<Vec<Pet>>>);

    impl OaiPetstoreExpandedApi for Store {
        async fn find_pets(&self, input: FindPetsInput) -> FindPetsOutput {
            let pets = self.0.lock().unwrap().clone();
            let tags = input.query.tags.unwrap_or_default();
            let wanted = pets
                .into_iter()
                .filter(|p| tags.is_empty() || p.new_pet.tag.as_ref().is_some_and(|t| tags.contains(t)));
            FindPetsOutput::Ok(wanted.take(input.query.limit.unwrap_or(100) as usize).collect())
        }
        async fn add_pet(&self, input: AddPetInput) -> AddPetOutput {
            let mut pets = self.0.lock().unwrap();
            let pet = Pet { new_pet: input.body, id: pets.len() as i64 + 1 };
            pets.push(pet.clone());
            AddPetOutput::Ok(pet)
        }
        async fn find_pet_by_id(&self, input: FindPetByIdInput) -> FindPetByIdOutput {
            match self.0.lock().unwrap().iter().find(|p| p.id == input.path.id) {
                Some(pet) => FindPetByIdOutput::Ok(pet.clone()),
                None => FindPetByIdOutput::Default(404, Error { code: 404, message: "no such pet".into() }),
            }
        }
        async fn delete_pet(&self, input: DeletePetInput) -> DeletePetOutput {
            self.0.lock().unwrap().retain(|p| p.id != input.path.id);
            DeletePetOutput::NoContent
        }
    }

    let (client, _server) = serve_local(Store::default()).await.unwrap();
    let cat = NewPet { name: "Tom".into(), tag: Some("cat".into()) };
    let dog = NewPet { name: "Rex".into(), tag: Some("dog".into()) };
    let AddPetOutput::Ok(tom) = client.add_pet(AddPetInput { body: cat.clone() }).await.unwrap() else { panic!() };
    assert_eq!(tom, Pet { new_pet: cat, id: 1 });
    client.add_pet(AddPetInput { body: dog }).await.unwrap();
    let query = FindPetsQuery { tags: Some(vec!["cat".into(), "bird".into()]), limit: Some(10) };
    assert_eq!(client.find_pets(FindPetsInput { query }).await.unwrap(), FindPetsOutput::Ok(vec![tom.clone()]));
    let by_id = |id| FindPetByIdInput { path: FindPetByIdPath { id } };
    assert_eq!(client.find_pet_by_id(by_id(1)).await.unwrap(), FindPetByIdOutput::Ok(tom));
    assert_eq!(
        client.delete_pet(DeletePetInput { path: DeletePetPath { id: 1 } }).await.unwrap(),
        DeletePetOutput::NoContent
    );
    let gone = client.find_pet_by_id(by_id(1)).await.unwrap();
    assert_eq!(gone, FindPetByIdOutput::Default(404, Error { code: 404, message: "no such pet".into() }));
}

/// What the Twilio client writes for a form body behind basic auth on a `{Sid}.json` path, read
/// back off the wire by a plain router (its own would need all 197 operations implemented).
#[tokio::test]
async fn the_twilio_client_writes_what_twilio_reads() {
    if modules().is_empty() {
        return;
    }
    use openapi_forge_runtime::axum;
    use openapi_forge_vendors::twilio_api_v2010::*;
    use std::sync::{Arc, Mutex};
    // The spec's own pattern for an account SID, which the client checks before sending.
    const SID: &str = "AC0123456789abcdef0123456789abcdef";
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let record = seen.clone();
    let wire = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let record = record.clone();
        async move {
            let (parts, body) = request.into_parts();
            let body = axum::body::to_bytes(body, 1 << 16).await.unwrap_or_default();
            let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
            let mut record = record.lock().unwrap();
            record.push(format!("{} {}", parts.method, parts.uri));
            record.push(header("authorization"));
            record.push(header("content-type"));
            record.push(String::from_utf8_lossy(&body).into_owned());
            (axum::http::StatusCode::CREATED, [("content-type", "application/json")], "{}")
        }
    });
    let server = openapi_forge_runtime::client::serve_local(wire).await.unwrap();
    let client = Client::from_builder(Client::builder(server.url()).basic("accountSid_authToken", SID, "s3cret"));
    let body: CreateMessageBody = serde_json::from_value(
        serde_json::json!({"To": "+15551234567", "From": "+15557654321", "Body": "hello & bye"}),
    )
    .unwrap();
    let input = CreateMessageInput { path: CreateMessagePath { account_sid: SID.into() }, body: Some(body) };
    let answer = client.create_message(input).await.unwrap();
    assert!(matches!(answer, CreateMessageOutput::Created { .. }), "{answer:?}");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen[0], format!("POST /2010-04-01/Accounts/{SID}/Messages.json"));
    assert_eq!(seen[1], "Basic QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjpzM2NyZXQ=");
    assert_eq!(seen[2], "application/x-www-form-urlencoded");
    let form: Vec<(String, String)> = seen[3]
        .split('&')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_string(), v.to_string())
        })
        .collect();
    assert!(form.contains(&("To".into(), "%2B15551234567".into())), "{form:?}");
    assert!(form.contains(&("Body".into(), "hello+%26+bye".into())), "{form:?}");
}

/// Twilio's own router, served with default stubs (each operation answers 501 unless implemented):
/// its `{Sid}.json` templates are routed by the whole segment and its parameters checked without
/// the suffix; without the suffix the path is no operation's; its basic credentials come first.
#[tokio::test]
async fn twilio_s_router_reads_its_suffixed_templates() {
    if modules().is_empty() {
        return;
    }
    use openapi_forge_runtime::axum::body::{to_bytes, Body};
    use openapi_forge_runtime::axum::http::Request;
    use openapi_forge_runtime::http::{Denied, RequestHead};
    use openapi_forge_vendors::twilio_api_v2010::*;
    use tower::ServiceExt;

    struct Twilio;
    impl TwilioApiV2010Api for Twilio {
        type Principal = ();
        async fn authenticate(&self, credential: Credential, _: &RequestHead<'_>) -> Result<(), Denied> {
            // The basic credentials as sent: base64 of `ACCOUNT:s3cret`.
            let Credential::AccountSidAuthToken { credentials } = credential;
            if credentials == GOOD["Basic ".len()..] {
                Ok(())
            } else {
                Err(Denied::new("unknown token"))
            }
        }
    }
    const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
    const CALL: &str = "CA0123456789abcdef0123456789abcdef";
    // `Basic base64(ACCOUNT:s3cret)` and `Basic base64(ACCOUNT:wrong)`.
    const GOOD: &str = "Basic QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjpzM2NyZXQ=";
    const BAD: &str = "Basic QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjp3cm9uZw==";
    let send = |method: &str, path: String, authorization: Option<&str>| {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        let request = request.body(Body::empty()).unwrap();
        async move {
            let response = router(Twilio).oneshot(request).await.unwrap();
            let status = response.status().as_u16();
            let allow = response.headers().get("allow").map(|v| v.to_str().unwrap().to_string());
            let body = to_bytes(response.into_body(), 1 << 16).await.unwrap();
            (status, allow, String::from_utf8_lossy(&body).into_owned())
        }
    };
    let call = format!("/2010-04-01/Accounts/{ACCOUNT}/Calls/{CALL}.json");
    // Routed and admitted: the stub answers.
    assert_eq!(send("GET", call.clone(), Some(GOOD)).await.0, 501);
    assert_eq!(send("DELETE", call.clone(), Some(GOOD)).await.0, 501);
    // Without the suffix, or with nothing before it, no operation's path.
    assert_eq!(send("GET", call.trim_end_matches(".json").to_string(), Some(GOOD)).await.0, 404);
    assert_eq!(send("GET", format!("/2010-04-01/Accounts/{ACCOUNT}/Calls/.json"), Some(GOOD)).await.0, 404);
    // A method the path has not: 405, naming those it has.
    let (status, allow, _) = send("PATCH", call.clone(), Some(GOOD)).await;
    assert_eq!(status, 405);
    let allow = allow.unwrap_or_default();
    for method in ["GET", "POST", "DELETE"] {
        assert!(allow.contains(method), "{allow}");
    }
    // Credentials first: missing or refused, 401 whatever the path parameters.
    assert_eq!(send("GET", call.clone(), None).await.0, 401);
    assert_eq!(send("GET", call.clone(), Some(BAD)).await.0, 401);
    // The parameter is checked without its suffix: Twilio's `^CA[0-9a-fA-F]{32}$`, at its pointer.
    let (status, _, body) =
        send("GET", format!("/2010-04-01/Accounts/{ACCOUNT}/Calls/CAnot-a-call.json"), Some(GOOD)).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("/path/Sid") && !body.contains("CAnot-a-call"), "{body}");
    // The list beside it: `Calls.json` is a literal segment of its own route.
    assert_eq!(send("GET", format!("/2010-04-01/Accounts/{ACCOUNT}/Calls.json"), Some(GOOD)).await.0, 501);
}

/// Kubernetes' own router, served with default stubs: its `*/*` DELETE bodies are read as JSON, so
/// an XML or YAML body is refused with 415 before it is read, and JSON is checked (an integer
/// written as `5.0` is the integer 5; one past 64 bits is refused); its `apply-patch+yaml` PATCH
/// bodies are read as YAML and checked against their schema (an object).
#[tokio::test]
async fn kubernetes_router_reads_its_ranges_as_json_and_its_yaml_as_yaml() {
    if modules().is_empty() {
        return;
    }
    use openapi_forge_runtime::axum::body::{to_bytes, Body};
    use openapi_forge_runtime::axum::http::Request;
    use openapi_forge_vendors::k8s_apis_apps_v1_openapi::*;
    use tower::ServiceExt;

    struct Kubernetes;
    impl K8sApisAppsV1OpenapiApi for Kubernetes {}
    let send = |method: &str, path: &str, media: &str, body: &'static str| {
        let request = Request::builder().method(method).uri(path).header("content-type", media);
        let request = request.body(Body::from(body)).unwrap();
        async move {
            let response = router(Kubernetes).oneshot(request).await.unwrap();
            let status = response.status().as_u16();
            let body = to_bytes(response.into_body(), 1 << 16).await.unwrap();
            (status, String::from_utf8_lossy(&body).into_owned())
        }
    };
    let deployment = "/apis/apps/v1/namespaces/default/deployments/web";
    for media in ["application/xml", "application/yaml", "text/x-yaml"] {
        let (status, text) = send("DELETE", deployment, media, "gracePeriodSeconds: 5").await;
        assert_eq!(status, 415, "{media}: {text}");
        assert!(text.contains("read as JSON"), "{media}: {text}");
    }
    assert_eq!(send("DELETE", deployment, "application/json", r#"{"gracePeriodSeconds": 5}"#).await.0, 501);
    assert_eq!(send("DELETE", deployment, "application/json", r#"{"gracePeriodSeconds": 5.0}"#).await.0, 501);
    let (status, text) =
        send("DELETE", deployment, "application/json", r#"{"gracePeriodSeconds": -9223372036854775809}"#).await;
    assert_eq!(status, 400, "{text}");
    assert_eq!(send("DELETE", deployment, "application/json", r#"{"gracePeriodSeconds": "5"}"#).await.0, 400);
    let apply = "application/apply-patch+yaml";
    assert_eq!(send("PATCH", deployment, apply, "spec:\n  replicas: 3\n").await.0, 501);
    let (status, text) = send("PATCH", deployment, apply, "- spec\n- replicas\n").await;
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("must be of type object"), "{text}");
    let (status, text) = send("PATCH", deployment, apply, "spec: {replicas: 3\n").await;
    assert!(status == 400 && text.contains("malformed YAML"), "{text}");
}
