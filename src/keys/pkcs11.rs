//! Ed25519 keys that never leave a PKCS#11 token (smart cards, HSMs, SoftHSM2): RFC 7512
//! `pkcs11:` URIs, the reference file the home keeps in place of a private key, and generating,
//! finding and signing with keys on the token (CKM_EC_EDWARDS_KEY_PAIR_GEN, CKM_EDDSA).
//!
//! The module is loaded (dlopen) only when a token key is used, so a proofctl without tokens
//! never touches one.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::Mechanism;
use cryptoki::mechanism::eddsa::{EddsaParams, EddsaSignatureScheme};
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;
use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};

use super::signer::KeySigner;
use super::{KeyError, check_usable, kid};

/// The `format` of the reference file stored as `keys/NAME.key` for a token key.
pub const FORMAT: &str = "proofctl-pkcs11-key";
pub const VERSION: u32 = 1;

/// The variable naming the PKCS#11 module (a shared library such as
/// /usr/lib/softhsm/libsofthsm2.so) when neither the URI nor a flag does.
pub const MODULE_ENV: &str = "PROOFCTL_PKCS11_MODULE";

/// CKA_EC_PARAMS of an Ed25519 key: the DER of the OID id-Ed25519 (1.3.101.112, RFC 8410).
/// PKCS#11 3.0 also allows the printable string "edwards25519"; SoftHSM2 2.6 takes only the OID.
const ED25519_PARAMS: [u8; 5] = [0x06, 0x03, 0x2b, 0x65, 0x70];

/// Why a token key could not be made, found or used. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("{uri:?}: not a usable PKCS#11 URI: {why}")]
    Uri { uri: String, why: String },
    #[error(
        "no PKCS#11 module given: put module-path=/path/to/module.so in the URI, pass \
         --pkcs11-module, or set {MODULE_ENV}"
    )]
    NoModule,
    #[error(
        "PKCS#11 module {}: cannot load it ({why}); install it, or point {MODULE_ENV} (or \
         module-path= in the URI) at the module's file", path.display()
    )]
    Module { path: PathBuf, why: String },
    #[error(
        "no token matching {uri} in PKCS#11 module {} (tokens present: {present}); insert the \
         token, or check token= and serial= in the URI", module.display()
    )]
    Absent { uri: String, module: PathBuf, present: String },
    #[error("several tokens match {uri} ({present}); add serial= to the URI")]
    AmbiguousToken { uri: String, present: String },
    #[error("token {token:?}: wrong PIN")]
    WrongPin { token: String },
    #[error(
        "token {token:?}: the user PIN is locked after too many wrong tries; unlock it with the \
         token's own tools (its SO PIN)"
    )]
    PinLocked { token: String },
    #[error(
        "token {token:?}: no Ed25519 key pair matching {uri}; list the token's objects (e.g. \
         `pkcs11-tool --list-objects`), and check object= and id= in the URI"
    )]
    NoKey { token: String, uri: String },
    #[error("token {token:?}: several Ed25519 keys match {uri}; add object= or id= to the URI")]
    SeveralKeys { token: String, uri: String },
    #[error(
        "token {token:?}: a key labelled {label:?} already exists there; choose another \
         object= label, or use that key with `proofctl key import --pkcs11 URI --name NAME`"
    )]
    Exists { token: String, label: String },
    #[error(
        "token {token:?}: its key is {got}, not {want}, the key stored in the home under this \
         name; use the right token, or store this one with `proofctl key import --pkcs11 URI \
         --name NAME`"
    )]
    Mismatch { token: String, want: String, got: String },
    #[error("token {token:?}: {op} failed: {why}")]
    Device { token: String, op: &'static str, why: String },
}

fn device<'a>(token: &'a str, op: &'static str) -> impl Fn(CkError) -> TokenError + 'a {
    move |e| TokenError::Device { token: token.to_string(), op, why: e.to_string() }
}

/// A parsed RFC 7512 PKCS#11 URI: the attributes proofctl uses to find a token and a key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pkcs11Uri {
    pub token: Option<String>,
    pub manufacturer: Option<String>,
    pub serial: Option<String>,
    pub model: Option<String>,
    pub slot_id: Option<u64>,
    pub object: Option<String>,
    pub id: Option<Vec<u8>>,
    /// `type=`: proofctl's keys are key pairs; only `private`, `public` or none is accepted.
    pub object_type: Option<String>,
    pub module_path: Option<PathBuf>,
    /// `pin-source=`: a file holding the PIN (`file:/path` or a plain path).
    pub pin_source: Option<String>,
}

impl Pkcs11Uri {
    /// Parses `pkcs11:path-attributes[?query-attributes]`. Unknown standard attributes are
    /// refused so a typo does not silently match another key; vendor `x-` attributes are
    /// ignored. `pin-value` is refused: a PIN on the command line is visible to every user.
    pub fn parse(text: &str) -> Result<Pkcs11Uri, TokenError> {
        let bad = |why: String| TokenError::Uri { uri: text.to_string(), why };
        let rest = text
            .strip_prefix("pkcs11:")
            .ok_or_else(|| bad("it must start with `pkcs11:` (RFC 7512)".into()))?;
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        let mut uri = Pkcs11Uri::default();
        let text_of = |name: &str, v: &str| -> Result<String, TokenError> {
            String::from_utf8(percent_decode(v).map_err(|w| bad(format!("{name}: {w}")))?)
                .map_err(|_| bad(format!("{name} is not UTF-8 text")))
        };
        for attr in path.split(';').filter(|a| !a.is_empty()) {
            let (name, value) =
                attr.split_once('=').ok_or_else(|| bad(format!("{attr:?} has no `=`")))?;
            let slot = match name {
                "token" => &mut uri.token,
                "manufacturer" => &mut uri.manufacturer,
                "serial" => &mut uri.serial,
                "model" => &mut uri.model,
                "object" => &mut uri.object,
                "type" => &mut uri.object_type,
                "id" => {
                    uri.id = Some(percent_decode(value).map_err(|w| bad(format!("id: {w}")))?);
                    continue;
                }
                "slot-id" => {
                    uri.slot_id =
                        Some(value.parse().map_err(|_| {
                            bad(format!("slot-id {value:?} is not a decimal number"))
                        })?);
                    continue;
                }
                "library-manufacturer"
                | "library-description"
                | "library-version"
                | "slot-description"
                | "slot-manufacturer" => continue,
                n if n.starts_with("x-") => continue,
                other => return Err(bad(format!("unknown path attribute {other:?}"))),
            };
            *slot = Some(text_of(name, value)?);
        }
        for attr in query.into_iter().flat_map(|q| q.split('&')).filter(|a| !a.is_empty()) {
            let (name, value) =
                attr.split_once('=').ok_or_else(|| bad(format!("{attr:?} has no `=`")))?;
            match name {
                "module-path" => uri.module_path = Some(text_of(name, value)?.into()),
                "pin-source" => uri.pin_source = Some(text_of(name, value)?),
                "pin-value" => {
                    return Err(bad("pin-value puts the PIN on the command line, where every \
                                    user of this machine can read it; use pin-source=file:PATH, \
                                    --pin-file FILE or PROOFCTL_PIN"
                        .into()));
                }
                "module-name" => {
                    return Err(bad(
                        "module-name is not supported; give module-path=/path/to/module.so".into(),
                    ));
                }
                n if n.starts_with("x-") => {}
                other => return Err(bad(format!("unknown query attribute {other:?}"))),
            }
        }
        match uri.object_type.as_deref() {
            None | Some("private") | Some("public") => {}
            Some(other) => {
                return Err(bad(format!(
                    "type={other} does not name a key pair; use type=private or leave it out"
                )));
            }
        }
        Ok(uri)
    }

    /// The URI proofctl stores: the attributes that find the token and the key, in a fixed
    /// order, every value percent-encoded except unreserved characters. The module is stored
    /// beside it, not in it, so PROOFCTL_PKCS11_MODULE can still point elsewhere.
    pub fn to_uri(&self) -> String {
        let text = |name: &str, v: &Option<String>| {
            v.as_ref().map(|v| format!("{name}={}", percent_encode(v.as_bytes())))
        };
        // The id is binary: every byte as %XX, as pkcs11-tool lists ids.
        let id = self
            .id
            .as_ref()
            .map(|id| format!("id={}", id.iter().map(|b| format!("%{b:02X}")).collect::<String>()));
        let path: Vec<String> = [
            text("token", &self.token),
            text("manufacturer", &self.manufacturer),
            text("serial", &self.serial),
            text("model", &self.model),
            text("object", &self.object),
            id,
            text("type", &self.object_type),
            self.slot_id.map(|s| format!("slot-id={s}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        let mut out = format!("pkcs11:{}", path.join(";"));
        if let Some(p) = &self.pin_source {
            out.push_str(&format!("?pin-source={}", percent_encode(p.as_bytes())));
        }
        out
    }

    /// The file `pin-source=` names (`file:PATH`, `file:///PATH` or a plain path), if any.
    pub fn pin_file(&self) -> Option<PathBuf> {
        let s = self.pin_source.as_deref()?;
        let path = s.strip_prefix("file://").or_else(|| s.strip_prefix("file:")).unwrap_or(s);
        Some(PathBuf::from(path))
    }
}

fn percent_decode(s: &str) -> Result<Vec<u8>, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or("a % not followed by two hex digits")?;
            let hex = std::str::from_utf8(hex).map_err(|_| "a % not followed by two hex digits")?;
            out.push(
                u8::from_str_radix(hex, 16).map_err(|_| "a % not followed by two hex digits")?,
            );
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(out)
}

fn percent_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The reference file stored as `keys/NAME.key` for a token key (the `.pub` beside it is the
/// key's public half, as for any key). It holds no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRef {
    pub format: String,
    pub version: u32,
    /// The key id of the public key on the token, checked at every use.
    pub kid: String,
    /// The RFC 7512 URI of the key: token label and serial, object label and id.
    pub uri: String,
    /// The module it was made or imported with; PROOFCTL_PKCS11_MODULE overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<PathBuf>,
}

impl TokenRef {
    /// Whether a key file's text is a token reference (JSON with our format name).
    pub fn is_reference(text: &str) -> bool {
        serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| v.get("format").and_then(|f| f.as_str()).map(|f| f == FORMAT))
            .unwrap_or(false)
    }

    pub fn parse(text: &str) -> Result<TokenRef, String> {
        let r: TokenRef = serde_json::from_str(text)
            .map_err(|e| format!("not a valid {FORMAT} reference file ({e})"))?;
        if r.version != VERSION {
            return Err(format!(
                "{FORMAT} version {} is not supported by this proofctl (it reads version \
                 {VERSION}); upgrade proofctl",
                r.version
            ));
        }
        Pkcs11Uri::parse(&r.uri).map_err(|e| e.to_string())?;
        Ok(r)
    }

    pub fn to_text(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a reference serialises");
        s.push('\n');
        s
    }

    pub fn uri(&self) -> Pkcs11Uri {
        Pkcs11Uri::parse(&self.uri).expect("checked when read")
    }
}

/// The module to load: `--pkcs11-module`, else the URI's module-path, else
/// PROOFCTL_PKCS11_MODULE, else the one stored with the key.
pub fn module_for(
    flag: Option<&Path>,
    uri: &Pkcs11Uri,
    stored: Option<&Path>,
) -> Result<PathBuf, TokenError> {
    flag.map(Path::to_path_buf)
        .or_else(|| uri.module_path.clone())
        .or_else(|| std::env::var_os(MODULE_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(|| stored.map(Path::to_path_buf))
        .ok_or(TokenError::NoModule)
}

/// A token found in a module, with a session open on it; not yet logged in.
pub struct Token {
    /// The token's label, for messages.
    pub label: String,
    pub serial: String,
    login_required: bool,
    session: Session,
    // The module stays loaded as long as the session lives.
    _module: Pkcs11,
}

impl Token {
    /// Loads `module`, finds the one token `uri` names, and opens a session on it (read-write
    /// for `write`, to make keys).
    pub fn open(uri: &Pkcs11Uri, module: &Path, write: bool) -> Result<Token, TokenError> {
        let shown = uri.to_uri();
        let module_err = |why: String| TokenError::Module { path: module.to_path_buf(), why };
        if !module.is_file() {
            return Err(module_err("no such file".into()));
        }
        let ctx = Pkcs11::new(module).map_err(|e| module_err(e.to_string()))?;
        match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
            Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
            Err(e) => return Err(module_err(format!("C_Initialize: {e}"))),
        }
        let slots = ctx.get_slots_with_token().map_err(|e| module_err(e.to_string()))?;
        let mut present = Vec::new();
        let mut matching: Vec<(Slot, String, String)> = Vec::new();
        for slot in slots {
            // An uninitialised slot (SoftHSM2 always offers one) holds no keys.
            let Ok(info) = ctx.get_token_info(slot) else { continue };
            if !info.token_initialized() {
                continue;
            }
            let label = info.label().trim_end().to_string();
            let serial = info.serial_number().trim_end().to_string();
            present.push(format!("{label:?} serial {serial}"));
            let wanted = |want: &Option<String>, have: &str| {
                want.as_deref().is_none_or(|w| w == have.trim_end())
            };
            if wanted(&uri.token, &label)
                && wanted(&uri.serial, &serial)
                && wanted(&uri.manufacturer, info.manufacturer_id())
                && wanted(&uri.model, info.model())
                && uri.slot_id.is_none_or(|s| s == slot.id())
            {
                matching.push((slot, label, serial));
            }
        }
        let present = if present.is_empty() { "none".to_string() } else { present.join(", ") };
        let (slot, label, serial) = match matching.len() {
            0 => {
                return Err(TokenError::Absent { uri: shown, module: module.into(), present });
            }
            1 => matching.remove(0),
            _ => return Err(TokenError::AmbiguousToken { uri: shown, present }),
        };
        let info = ctx.get_token_info(slot).map_err(device(&label, "C_GetTokenInfo"))?;
        let session = if write { ctx.open_rw_session(slot) } else { ctx.open_ro_session(slot) }
            .map_err(device(&label, "C_OpenSession"))?;
        Ok(Token { label, serial, login_required: info.login_required(), session, _module: ctx })
    }

    /// Whether the token wants a user PIN before its private keys can be used.
    pub fn needs_pin(&self) -> bool {
        self.login_required
    }

    /// Logs in as the user with `pin`. A wrong PIN is [`TokenError::WrongPin`]; the token counts
    /// it, so callers try a PIN from a file or the environment once.
    pub fn login(&self, pin: &[u8]) -> Result<(), TokenError> {
        let pin = std::str::from_utf8(pin)
            .map_err(|_| TokenError::WrongPin { token: self.label.clone() })?;
        match self.session.login(UserType::User, Some(&AuthPin::from(pin))) {
            Ok(()) | Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => Ok(()),
            Err(CkError::Pkcs11(RvError::PinIncorrect | RvError::PinLenRange, _)) => {
                Err(TokenError::WrongPin { token: self.label.clone() })
            }
            Err(CkError::Pkcs11(RvError::PinLocked, _)) => {
                Err(TokenError::PinLocked { token: self.label.clone() })
            }
            Err(e) => Err(device(&self.label, "C_Login")(e)),
        }
    }

    fn find(&self, template: &[Attribute]) -> Result<Vec<ObjectHandle>, TokenError> {
        self.session.find_objects(template).map_err(device(&self.label, "C_FindObjects"))
    }

    /// The one Ed25519 private key `uri` names (by object= and id=), with its public half read
    /// from the public key object beside it.
    pub fn find_key(&self, uri: &Pkcs11Uri) -> Result<FoundKey, TokenError> {
        let mut template = vec![
            Attribute::Class(ObjectClass::PRIVATE_KEY),
            Attribute::KeyType(KeyType::EC_EDWARDS),
        ];
        if let Some(l) = &uri.object {
            template.push(Attribute::Label(l.as_bytes().to_vec()));
        }
        if let Some(id) = &uri.id {
            template.push(Attribute::Id(id.clone()));
        }
        let shown = uri.to_uri();
        let mut keys = self.find(&template)?;
        let key = match keys.len() {
            0 => return Err(TokenError::NoKey { token: self.label.clone(), uri: shown }),
            1 => keys.remove(0),
            _ => return Err(TokenError::SeveralKeys { token: self.label.clone(), uri: shown }),
        };
        // The public half carries the same id (or, without one, the same label).
        let attrs = self
            .session
            .get_attributes(key, &[AttributeType::Id, AttributeType::Label])
            .map_err(device(&self.label, "C_GetAttributeValue"))?;
        let mut public_template = vec![
            Attribute::Class(ObjectClass::PUBLIC_KEY),
            Attribute::KeyType(KeyType::EC_EDWARDS),
        ];
        let (mut label, mut id) = (None, None);
        for a in attrs {
            match a {
                Attribute::Id(v) if !v.is_empty() => id = Some(v),
                Attribute::Label(v) if !v.is_empty() => label = String::from_utf8(v).ok(),
                _ => {}
            }
        }
        match (&id, &label) {
            (Some(id), _) => public_template.push(Attribute::Id(id.clone())),
            (None, Some(l)) => public_template.push(Attribute::Label(l.as_bytes().to_vec())),
            (None, None) => {}
        }
        let publics = self.find(&public_template)?;
        let [public] = publics.as_slice() else {
            return Err(TokenError::NoKey { token: self.label.clone(), uri: shown });
        };
        Ok(FoundKey { handle: key, public: self.public_key(*public)?, label, id })
    }

    fn public_key(&self, object: ObjectHandle) -> Result<VerifyingKey, TokenError> {
        let attrs = self
            .session
            .get_attributes(object, &[AttributeType::EcPoint])
            .map_err(device(&self.label, "C_GetAttributeValue(CKA_EC_POINT)"))?;
        let bad = |why: String| TokenError::Device {
            token: self.label.clone(),
            op: "reading the public key",
            why,
        };
        let Some(Attribute::EcPoint(point)) = attrs.into_iter().next() else {
            return Err(bad("the token gave no CKA_EC_POINT".into()));
        };
        // PKCS#11 3.0 says DER OCTET STRING; some tokens give the 32 bytes bare.
        let raw: [u8; 32] = match point.as_slice() {
            [0x04, 0x20, rest @ ..] if rest.len() == 32 => rest.try_into().expect("32 bytes"),
            bytes if bytes.len() == 32 => bytes.try_into().expect("32 bytes"),
            other => {
                return Err(bad(format!(
                    "CKA_EC_POINT of {} bytes is not an Ed25519 key",
                    other.len()
                )));
            }
        };
        let key = VerifyingKey::from_bytes(&raw)
            .map_err(|_| bad("CKA_EC_POINT is not an Ed25519 point".into()))?;
        check_usable(&key).map_err(|why| bad(why.into()))?;
        Ok(key)
    }

    /// Makes a new Ed25519 key pair on the token (never extractable), labelled `label` with
    /// CKA_ID `id`. An existing key of that label is never shadowed.
    pub fn generate(&self, label: &str, id: &[u8]) -> Result<FoundKey, TokenError> {
        let same_label = self.find(&[Attribute::Label(label.as_bytes().to_vec())])?;
        if !same_label.is_empty() {
            return Err(TokenError::Exists { token: self.label.clone(), label: label.into() });
        }
        let common = |v: &mut Vec<Attribute>| {
            v.push(Attribute::Token(true));
            v.push(Attribute::Label(label.as_bytes().to_vec()));
            v.push(Attribute::Id(id.to_vec()));
        };
        let mut public =
            vec![Attribute::EcParams(ED25519_PARAMS.to_vec()), Attribute::Verify(true)];
        common(&mut public);
        let mut private = vec![
            Attribute::Private(true),
            Attribute::Sensitive(true),
            Attribute::Extractable(false),
            Attribute::Sign(true),
        ];
        common(&mut private);
        let (pub_handle, priv_handle) = self
            .session
            .generate_key_pair(&Mechanism::EccEdwardsKeyPairGen, &public, &private)
            .map_err(device(
                &self.label,
                "generating an Ed25519 key pair (CKM_EC_EDWARDS_KEY_PAIR_GEN)",
            ))?;
        Ok(FoundKey {
            handle: priv_handle,
            public: self.public_key(pub_handle)?,
            label: Some(label.into()),
            id: Some(id.to_vec()),
        })
    }

    /// A signer for `key`, whose public half must be `expected` (as read from the token or
    /// stored in the home).
    pub fn signer(
        self,
        key: &FoundKey,
        expected: Option<&VerifyingKey>,
    ) -> Result<TokenSigner, TokenError> {
        if let Some(want) = expected
            && *want != key.public
        {
            return Err(TokenError::Mismatch {
                token: self.label.clone(),
                want: kid(want),
                got: kid(&key.public),
            });
        }
        Ok(TokenSigner {
            label: self.label,
            key: key.handle,
            public: key.public,
            session: Mutex::new(self.session),
            _module: self._module,
        })
    }

    /// The URI that finds `key` on this token again: token label and serial, object label and
    /// id, and the `pin-source` the user gave.
    pub fn uri_of(&self, key: &FoundKey, pin_source: Option<String>) -> Pkcs11Uri {
        Pkcs11Uri {
            token: Some(self.label.clone()),
            serial: Some(self.serial.clone()).filter(|s| !s.is_empty()),
            object: key.label.clone(),
            id: key.id.clone(),
            object_type: Some("private".into()),
            pin_source,
            ..Pkcs11Uri::default()
        }
    }
}

/// A key pair found or made on a token.
pub struct FoundKey {
    handle: ObjectHandle,
    pub public: VerifyingKey,
    pub label: Option<String>,
    pub id: Option<Vec<u8>>,
}

/// A key on a token, logged in and ready to sign. Signatures are made one at a time (one
/// session), each checked against the public key before it is used.
pub struct TokenSigner {
    label: String,
    key: ObjectHandle,
    public: VerifyingKey,
    session: Mutex<Session>,
    _module: Pkcs11,
}

impl KeySigner for TokenSigner {
    fn verifying_key(&self) -> VerifyingKey {
        self.public
    }

    fn try_sign(&self, message: &[u8]) -> Result<Signature, KeyError> {
        let session = self.session.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mechanism = Mechanism::Eddsa(EddsaParams::new(EddsaSignatureScheme::Pure));
        let bytes = session
            .sign(&mechanism, self.key, message)
            .map_err(device(&self.label, "signing (CKM_EDDSA)"))?;
        let bad = |why: &str| TokenError::Device {
            token: self.label.clone(),
            op: "signing (CKM_EDDSA)",
            why: why.into(),
        };
        let sig =
            Signature::from_slice(&bytes).map_err(|_| bad("not a 64-byte Ed25519 signature"))?;
        // A token that signs with another key, or badly, must not produce proofs that fail later.
        self.public
            .verify_strict(message, &sig)
            .map_err(|_| bad("the signature does not verify with the token's public key"))?;
        Ok(sig)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_parse_and_print() {
        let u = Pkcs11Uri::parse(
            "pkcs11:token=My%20Token;serial=abc;object=release;id=%01%ff;type=private\
             ?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/run/pin",
        )
        .unwrap();
        assert_eq!(u.token.as_deref(), Some("My Token"));
        assert_eq!(u.id.as_deref(), Some(&[1u8, 0xff][..]));
        assert_eq!(u.module_path.as_deref(), Some(Path::new("/usr/lib/softhsm/libsofthsm2.so")));
        assert_eq!(u.pin_file().unwrap(), PathBuf::from("/run/pin"));
        let printed = u.to_uri();
        assert_eq!(
            printed,
            "pkcs11:token=My%20Token;serial=abc;object=release;id=%01%FF;type=private\
             ?pin-source=file%3A%2Frun%2Fpin"
        );
        let again = Pkcs11Uri::parse(&printed).unwrap();
        assert_eq!(Pkcs11Uri { module_path: u.module_path.clone(), ..again }, u);
    }

    #[test]
    fn bad_uris_are_refused_with_the_reason() {
        for (uri, why) in [
            ("token=x", "must start with `pkcs11:`"),
            ("pkcs11:token=x?pin-value=1234", "pin-value puts the PIN"),
            ("pkcs11:tokn=x", "unknown path attribute \"tokn\""),
            ("pkcs11:id=%zz", "two hex digits"),
            ("pkcs11:type=cert", "type=cert"),
            ("pkcs11:slot-id=one", "not a decimal number"),
        ] {
            let e = Pkcs11Uri::parse(uri).unwrap_err().to_string();
            assert!(e.contains(why), "{uri}: {e}");
        }
    }

    #[test]
    fn references_round_trip_and_are_recognised() {
        let r = TokenRef {
            format: FORMAT.into(),
            version: VERSION,
            kid: "k".into(),
            uri: "pkcs11:token=t;object=o".into(),
            module: Some("/m.so".into()),
        };
        let text = r.to_text();
        assert!(TokenRef::is_reference(&text));
        assert!(!TokenRef::is_reference(r#"{"format":"proofctl-private-key"}"#));
        assert_eq!(TokenRef::parse(&text).unwrap(), r);
        let newer = text.replace("\"version\": 1", "\"version\": 2");
        assert!(TokenRef::parse(&newer).unwrap_err().contains("upgrade proofctl"));
    }
}
