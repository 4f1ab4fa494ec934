//! Sending xAPI statements to a learning record store: small batches, retries on a busy or
//! unreachable LRS, an outbox file that keeps what the LRS has not acknowledged, and on a
//! conflict a read of the stored statement to compare. The protocol is written against a
//! [`Transport`] so that tests drive it with an in-process fake; the real HTTP client
//! (`ureq` on rustls) is behind the default `lrs` feature.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Statements per POST.
pub const BATCH: usize = 25;
/// Attempts per request when the LRS is busy (429, 5xx) or unreachable.
pub const ATTEMPTS: u32 = 4;
/// Largest response body read from an LRS, in bytes.
pub const MAX_RESPONSE_BYTES: u64 = 4 * 1024 * 1024;
/// Largest credentials file read, in bytes.
pub const MAX_CREDENTIALS_BYTES: u64 = 4096;
/// Environment variables holding the LRS's basic-auth user and password.
pub const ENV_USER: &str = "SANDTABLE_LRS_USER";
pub const ENV_PASSWORD: &str = "SANDTABLE_LRS_PASSWORD";

/// An HTTP method the protocol uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// What came back.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

/// One HTTP exchange with the LRS. The transport adds the version header and the
/// credentials itself, so nothing above it ever holds them.
pub trait Transport {
    /// `path` is relative to the endpoint (`statements`, `statements?statementId=…`).
    fn send(&self, method: Method, path: &str, body: Option<&[u8]>) -> Result<Reply, String>;
}

/// Why a push stopped. Statements not yet acknowledged stay in the outbox.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("the endpoint must be an https:// URL (http:// only on the loopback address): {0}")]
    Insecure(String),
    #[error("credentials: {0}")]
    Credentials(String),
    #[error("the LRS refused the statements (HTTP {status}): {reason}")]
    Refused { status: u16, reason: String },
    #[error("the LRS did not answer after {ATTEMPTS} attempts: {0}")]
    Unreachable(String),
    #[error(
        "statement {id} is stored in the LRS with different content (a conflict: was the same replay exported with another roster?)"
    )]
    Conflict { id: String },
    #[error("statement {0} has no UUID id: make statements with `sandtable xapi`")]
    BadStatement(usize),
    #[error("outbox {path}: {reason}")]
    Outbox { path: String, reason: String },
}

/// How a push went.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pushed {
    /// Stored by this push.
    pub sent: usize,
    /// Already stored with the same content (a re-send).
    pub already: usize,
}

/// Whether `endpoint` may be used: `https://`, or `http://` to a loopback address only.
pub fn check_endpoint(endpoint: &str) -> Result<(), PushError> {
    let insecure = || PushError::Insecure(crate::escape::line(endpoint).into_owned());
    if endpoint
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(insecure());
    }
    if let Some(rest) = endpoint.strip_prefix("https://") {
        return if rest.is_empty() {
            Err(insecure())
        } else {
            Ok(())
        };
    }
    let rest = endpoint.strip_prefix("http://").ok_or_else(insecure)?;
    let authority = rest.split('/').next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let loopback = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if loopback { Ok(()) } else { Err(insecure()) }
}

/// Basic-auth credentials, from the environment ([`ENV_USER`], [`ENV_PASSWORD`]) or a file
/// holding `user:password` on one line that only its owner can read. Never from the
/// command line; never printed.
#[derive(Clone)]
pub struct Credentials {
    pub user: String,
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials(…)")
    }
}

impl Credentials {
    pub fn load(file: Option<&Path>) -> Result<Credentials, PushError> {
        let bad = |m: String| PushError::Credentials(m);
        if let Some(path) = file {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                let meta =
                    std::fs::metadata(path).map_err(|e| bad(format!("{}: {e}", path.display())))?;
                if meta.mode() & 0o077 != 0 {
                    return Err(bad(format!(
                        "{} can be read by other users: `chmod 600` it first",
                        path.display()
                    )));
                }
            }
            let text =
                crate::fsread::read_text(path, MAX_CREDENTIALS_BYTES, crate::fsread::Origin::Named)
                    .map_err(|e| bad(format!("{}: {e}", path.display())))?;
            let line = text.lines().next().unwrap_or("").trim_end();
            let (user, password) = line.split_once(':').ok_or_else(|| {
                bad(format!(
                    "{}: expected one line `user:password`",
                    path.display()
                ))
            })?;
            return Ok(Credentials {
                user: user.to_string(),
                password: password.to_string(),
            });
        }
        match (std::env::var(ENV_USER), std::env::var(ENV_PASSWORD)) {
            (Ok(user), Ok(password)) => Ok(Credentials { user, password }),
            _ => Err(bad(format!(
                "set {ENV_USER} and {ENV_PASSWORD}, or give --credentials FILE (one line `user:password`, readable only by you)"
            ))),
        }
    }

    /// The `Authorization` header's value.
    pub fn header(&self) -> String {
        format!(
            "Basic {}",
            base64(format!("{}:{}", self.user, self.password).as_bytes())
        )
    }
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The outbox beside a statements file: `<file>.outbox`.
pub fn outbox_of(statements: &Path) -> PathBuf {
    let mut s = statements.as_os_str().to_owned();
    s.push(".outbox");
    PathBuf::from(s)
}

fn write_outbox(path: &Path, pending: &[Value]) -> Result<(), PushError> {
    let err = |e: String| PushError::Outbox {
        path: path.display().to_string(),
        reason: e,
    };
    if pending.is_empty() {
        return match std::fs::remove_file(path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(err(e.to_string())),
        };
    }
    let bytes = serde_json::to_vec(pending).map_err(|e| err(e.to_string()))?;
    crate::paths::write_atomic(path, &bytes).map_err(|e| err(e.to_string()))
}

/// Read an outbox left by an earlier push, if there is one.
pub fn read_outbox(path: &Path) -> Result<Option<Vec<Value>>, PushError> {
    match crate::fsread::read_limited(path, 256 * 1024 * 1024, crate::fsread::Origin::Named) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| PushError::Outbox {
                path: path.display().to_string(),
                reason: e.to_string(),
            }),
        Err(crate::fsread::ReadError::NotFound) => Ok(None),
        Err(e) => Err(PushError::Outbox {
            path: path.display().to_string(),
            reason: e.to_string(),
        }),
    }
}

/// One request with retries: a busy (429, 5xx) or unreachable LRS is tried again after
/// `backoff`, doubling, up to [`ATTEMPTS`] times.
fn exchange(
    t: &dyn Transport,
    method: Method,
    path: &str,
    body: Option<&[u8]>,
    backoff: Duration,
) -> Result<Reply, PushError> {
    let mut wait = backoff;
    let mut last = String::new();
    for attempt in 1..=ATTEMPTS {
        match t.send(method, path, body) {
            Ok(r) if r.status == 429 || r.status >= 500 => {
                last = format!("HTTP {}", r.status);
            }
            Ok(r) => return Ok(r),
            Err(e) => last = e,
        }
        if attempt < ATTEMPTS {
            std::thread::sleep(wait);
            wait *= 2;
        }
    }
    Err(PushError::Unreachable(last))
}

fn reason(r: &Reply) -> String {
    let text = String::from_utf8_lossy(&r.body);
    let short: String = text.chars().take(300).collect();
    crate::escape::line(&short).into_owned()
}

/// Whether the LRS's copy is the statement we would send: the same actor, verb, object,
/// result and registration (the LRS adds `stored`, `authority` and may normalise the rest).
pub fn same_statement(ours: &Value, stored: &Value) -> bool {
    ours["actor"]["account"] == stored["actor"]["account"]
        && ours["verb"]["id"] == stored["verb"]["id"]
        && ours["object"]["id"] == stored["object"]["id"]
        && ours["result"]["score"]["raw"].as_f64() == stored["result"]["score"]["raw"].as_f64()
        && ours["result"]["success"] == stored["result"]["success"]
        && ours["context"]["registration"] == stored["context"]["registration"]
}

/// One statement that a batch could not store: already there (compare) or not (send alone).
fn settle_one(t: &dyn Transport, s: &Value, backoff: Duration) -> Result<bool, PushError> {
    let id = s["id"].as_str().unwrap_or("").to_string();
    let get = exchange(
        t,
        Method::Get,
        &format!("statements?statementId={id}"),
        None,
        backoff,
    )?;
    match get.status {
        200 => {
            let mut stored: Value = serde_json::from_slice(&get.body).unwrap_or(Value::Null);
            // The spec answers a statementId query with the statement itself; some LRSs
            // (Ralph 5) wrap it in a StatementResult.
            if let Some(first) = stored["statements"].get(0) {
                stored = first.clone();
            }
            if same_statement(s, &stored) {
                Ok(false)
            } else {
                Err(PushError::Conflict { id })
            }
        }
        404 => {
            let body = serde_json::to_vec(&[s]).unwrap_or_default();
            let post = exchange(t, Method::Post, "statements", Some(&body), backoff)?;
            match post.status {
                200 | 204 => Ok(true),
                409 => Err(PushError::Conflict { id }),
                status => Err(PushError::Refused {
                    status,
                    reason: reason(&post),
                }),
            }
        }
        status => Err(PushError::Refused {
            status,
            reason: reason(&get),
        }),
    }
}

/// Send `pending` in batches of [`BATCH`]; after each acknowledged batch the outbox is
/// rewritten with what is left (and removed when nothing is), so an interrupted push
/// resumes where it stopped and never sends an acknowledged statement again.
pub fn push(
    t: &dyn Transport,
    mut pending: Vec<Value>,
    outbox: &Path,
    backoff: Duration,
) -> Result<Pushed, PushError> {
    if let Some(i) = pending
        .iter()
        .position(|s| uuid::Uuid::parse_str(s["id"].as_str().unwrap_or("")).is_err())
    {
        return Err(PushError::BadStatement(i + 1));
    }
    write_outbox(outbox, &pending)?;
    let mut done = Pushed::default();
    while !pending.is_empty() {
        let n = pending.len().min(BATCH);
        let batch = &pending[..n];
        let body = serde_json::to_vec(batch).unwrap_or_default();
        let r = exchange(t, Method::Post, "statements", Some(&body), backoff)?;
        match r.status {
            200 | 204 => done.sent += n,
            // Some statement of the batch is stored already: settle them one by one.
            409 => {
                for s in batch {
                    if settle_one(t, s, backoff)? {
                        done.sent += 1;
                    } else {
                        done.already += 1;
                    }
                }
            }
            status => {
                return Err(PushError::Refused {
                    status,
                    reason: reason(&r),
                });
            }
        }
        pending.drain(..n);
        write_outbox(outbox, &pending)?;
    }
    Ok(done)
}

/// The real transport: `ureq` over rustls with the system's certificate store and proxy
/// settings (`HTTPS_PROXY`, `NO_PROXY`).
#[cfg(feature = "lrs")]
pub struct Http {
    agent: ureq::Agent,
    endpoint: String,
    auth: String,
}

#[cfg(feature = "lrs")]
impl Http {
    pub fn new(endpoint: &str, creds: &Credentials) -> Result<Http, PushError> {
        check_endpoint(endpoint)?;
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .tls_config(tls)
            .proxy(ureq::Proxy::try_from_env())
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let endpoint = if endpoint.ends_with('/') {
            endpoint.to_string()
        } else {
            format!("{endpoint}/")
        };
        Ok(Http {
            agent,
            endpoint,
            auth: creds.header(),
        })
    }
}

#[cfg(feature = "lrs")]
impl Transport for Http {
    fn send(&self, method: Method, path: &str, body: Option<&[u8]>) -> Result<Reply, String> {
        let url = format!("{}{path}", self.endpoint);
        let result = match method {
            Method::Get => self
                .agent
                .get(&url)
                .header("X-Experience-API-Version", "1.0.3")
                .header("Authorization", &self.auth)
                .call(),
            Method::Post => self
                .agent
                .post(&url)
                .header("X-Experience-API-Version", "1.0.3")
                .header("Authorization", &self.auth)
                .header("Content-Type", "application/json")
                .send(body.unwrap_or_default()),
        };
        // The error names the URL and the failure, never a header.
        let mut resp = result.map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        let body = resp
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_vec()
            .map_err(|e| e.to_string())?;
        Ok(Reply { status, body })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    /// An LRS in memory: stores statements by id, answers 409 to a batch holding a stored
    /// id, and can be told to fail the next few requests.
    #[derive(Default)]
    struct Fake {
        stored: RefCell<BTreeMap<String, Value>>,
        fail_next: RefCell<Vec<u16>>,
        posts: RefCell<usize>,
        refuse: Option<u16>,
        /// Answer a statementId query with a StatementResult, as Ralph 5 does.
        wrap: bool,
    }

    impl Transport for Fake {
        fn send(&self, method: Method, path: &str, body: Option<&[u8]>) -> Result<Reply, String> {
            let reply = |status: u16, body: Vec<u8>| Ok(Reply { status, body });
            if let Some(s) = self.fail_next.borrow_mut().pop() {
                return if s == 0 {
                    Err("connection refused".into())
                } else {
                    reply(s, b"busy".to_vec())
                };
            }
            if let Some(s) = self.refuse {
                return reply(s, b"bad credentials".to_vec());
            }
            match method {
                Method::Post => {
                    *self.posts.borrow_mut() += 1;
                    let batch: Vec<Value> = serde_json::from_slice(body.unwrap_or_default())
                        .map_err(|e| e.to_string())?;
                    let mut st = self.stored.borrow_mut();
                    if batch
                        .iter()
                        .any(|s| st.contains_key(s["id"].as_str().unwrap_or("")))
                    {
                        return reply(409, b"conflict".to_vec());
                    }
                    for s in &batch {
                        st.insert(s["id"].as_str().unwrap_or("").into(), s.clone());
                    }
                    let ids: Vec<&Value> = batch.iter().map(|s| &s["id"]).collect();
                    reply(200, serde_json::to_vec(&ids).unwrap_or_default())
                }
                Method::Get => {
                    let id = path.rsplit('=').next().unwrap_or("");
                    match self.stored.borrow().get(id) {
                        Some(s) if self.wrap => reply(
                            200,
                            serde_json::to_vec(&json!({"statements": [s]})).unwrap_or_default(),
                        ),
                        Some(s) => reply(200, serde_json::to_vec(s).unwrap_or_default()),
                        None => reply(404, Vec::new()),
                    }
                }
            }
        }
    }

    fn statements(n: usize, raw: f64) -> Vec<Value> {
        (0..n)
            .map(|i| {
                json!({
                    "id": format!("00000000-0000-5000-8000-{i:012}"),
                    "actor": {"account": {"homePage": "https://lms", "name": format!("u{i}")}},
                    "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
                    "object": {"id": "urn:sandtable:scenario:tutorial"},
                    "result": {"score": {"raw": raw}, "success": true},
                    "context": {"registration": "r"},
                })
            })
            .collect()
    }

    fn outbox(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("sandtable-lrs-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("dir");
        d.join("s.json.outbox")
    }

    const NO_WAIT: Duration = Duration::ZERO;

    #[test]
    fn statements_go_in_batches_and_the_outbox_is_removed_when_all_are_stored() {
        let lrs = Fake::default();
        let ob = outbox("batches");
        let done = push(&lrs, statements(60, 50.0), &ob, NO_WAIT).expect("pushed");
        assert_eq!(
            done,
            Pushed {
                sent: 60,
                already: 0
            }
        );
        assert_eq!(*lrs.posts.borrow(), 3, "60 statements in batches of 25");
        assert_eq!(lrs.stored.borrow().len(), 60);
        assert!(!ob.exists());
    }

    #[test]
    fn a_busy_or_unreachable_lrs_is_tried_again() {
        let lrs = Fake::default();
        lrs.fail_next.borrow_mut().extend([503, 0, 429]);
        let done = push(&lrs, statements(3, 50.0), &outbox("retry"), NO_WAIT).expect("pushed");
        assert_eq!(done.sent, 3);
    }

    #[test]
    fn an_lrs_down_for_good_leaves_everything_in_the_outbox() {
        let lrs = Fake::default();
        lrs.fail_next.borrow_mut().extend([0; 8]);
        let ob = outbox("down");
        let e = push(&lrs, statements(3, 50.0), &ob, NO_WAIT).expect_err("unreachable");
        assert!(
            e.to_string().contains("did not answer after 4 attempts"),
            "{e}"
        );
        let left = read_outbox(&ob).expect("readable").expect("kept");
        assert_eq!(left.len(), 3);
    }

    #[test]
    fn a_resend_adds_nothing_and_a_changed_statement_is_a_conflict() {
        let lrs = Fake::default();
        push(&lrs, statements(30, 50.0), &outbox("resend1"), NO_WAIT).expect("pushed");
        let again = push(&lrs, statements(30, 50.0), &outbox("resend2"), NO_WAIT).expect("again");
        assert_eq!(
            again,
            Pushed {
                sent: 0,
                already: 30
            }
        );
        assert_eq!(lrs.stored.borrow().len(), 30);
        // A batch mixing stored and new statements: the new one is stored alone.
        let again = push(&lrs, statements(31, 50.0), &outbox("resend3"), NO_WAIT).expect("mixed");
        assert_eq!(
            again,
            Pushed {
                sent: 1,
                already: 30
            }
        );
        let ob = outbox("conflict");
        let e = push(&lrs, statements(2, 99.0), &ob, NO_WAIT).expect_err("conflict");
        assert!(matches!(e, PushError::Conflict { .. }), "{e}");
        assert!(ob.exists(), "the conflicting statements stay in the outbox");
    }

    #[test]
    fn a_stored_statement_wrapped_in_a_statement_result_is_recognised() {
        let lrs = Fake {
            wrap: true,
            ..Fake::default()
        };
        push(&lrs, statements(2, 50.0), &outbox("wrap1"), NO_WAIT).expect("pushed");
        let again = push(&lrs, statements(2, 50.0), &outbox("wrap2"), NO_WAIT).expect("again");
        assert_eq!(
            again,
            Pushed {
                sent: 0,
                already: 2
            }
        );
    }

    #[test]
    fn a_refusal_stops_the_push_and_names_the_status_not_the_credentials() {
        let lrs = Fake {
            refuse: Some(401),
            ..Fake::default()
        };
        let e = push(&lrs, statements(2, 50.0), &outbox("refused"), NO_WAIT).expect_err("401");
        assert!(e.to_string().contains("HTTP 401"), "{e}");
    }

    #[test]
    fn only_https_or_loopback_http_endpoints_are_accepted() {
        for ok in [
            "https://lrs.example.com/xAPI/",
            "http://127.0.0.1:8100/xAPI/",
            "http://localhost/xAPI",
            "http://[::1]:8100/xAPI/",
        ] {
            assert!(check_endpoint(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://lrs.example.com/xAPI/",
            "http://127.0.0.1.evil.com/",
            "http://user@10.0.0.1/",
            "ftp://127.0.0.1/",
            "https://",
        ] {
            assert!(check_endpoint(bad).is_err(), "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_credentials_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let f = outbox("creds").with_file_name("lrs.secret");
        std::fs::write(&f, "ralph:secret\n").expect("write");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let e = Credentials::load(Some(&f)).expect_err("world-readable");
        assert!(e.to_string().contains("chmod 600"), "{e}");
        assert!(!e.to_string().contains("secret\n"));
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        let c = Credentials::load(Some(&f)).expect("private file");
        assert_eq!((c.user.as_str(), c.password.as_str()), ("ralph", "secret"));
    }

    #[test]
    fn basic_auth_is_base64_and_credentials_never_print() {
        let c = Credentials {
            user: "ralph".into(),
            password: "secret".into(),
        };
        assert_eq!(c.header(), "Basic cmFscGg6c2VjcmV0");
        assert_eq!(base64(b"ab"), "YWI=");
        assert!(!format!("{c:?}").contains("secret"));
    }
}
