//! What a web team pastes into its pages: the `<script>` tag pinned to this build by its
//! Subresource Integrity hash, the Content-Security-Policy additions its pages need, and
//! the static files to put on its own origin or a CDN (`touchpoint embed`).
//!
//! The build (`scripts/build-dist.mjs`) writes `pkg/manifest.json`: the loader under a
//! stable and a content-hashed name with its SRI hash, and the stylesheet, glue, wasm and
//! language catalogues it loads (content-hashed, each with the SRI hash the loader or the
//! catalogues' index carries: SHA-256 there, 16 bytes fewer per hash on every page, SHA-384
//! for the loader in the tag). Nothing here trusts
//! the manifest's hashes: every file is read and hashed again, so a tag is never printed for
//! files that would be refused.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256, Sha384};

/// Why no tag can be printed.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// The build output is missing or unreadable.
    #[error("{path}: {message} (build the widget first: scripts/build-widget.sh, or make widget)")]
    Build {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A file does not hash to what the loader expects (changed after the build).
    #[error("{path}: its {algorithm} is {actual}, the build recorded {expected}: rebuild the widget")]
    Mismatch {
        /// The file.
        path: PathBuf,
        /// The hash function the build recorded (`SHA-384`, `SHA-256`).
        algorithm: &'static str,
        /// What the manifest says.
        expected: String,
        /// What the file hashes to.
        actual: String,
    },
    /// `--base` or `--config` is not usable in a tag.
    #[error("{0}")]
    Url(String),
    /// Writing the static files failed.
    #[error("{path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

/// `pkg/manifest.json`, as the build writes it.
#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    /// The widget's version (the `touchpoint` package's).
    pub version: String,
    /// The loader.
    pub loader: LoaderFiles,
    /// What the loader fetches: name → (path relative to the base URL, SRI hash).
    pub assets: BTreeMap<String, (String, String)>,
}

/// The loader's two names (relative to `pkg/`) and its hash.
#[derive(Debug, Clone, Deserialize)]
pub struct LoaderFiles {
    /// Served at `<base>touchpoint.js`: follows new builds.
    pub stable: String,
    /// The same bytes at `<base>touchpoint.<hash>.js`: never changes.
    pub pinned: String,
    /// The SRI hash of both.
    pub integrity: String,
}

/// The SRI value of `bytes` (`sha384-` and the base64 digest).
pub fn integrity(bytes: &[u8]) -> String {
    format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes)))
}

/// The SRI value of `bytes` with the hash function `like` (an SRI value) names, and that
/// function's name: `sha256-…` as the loader pins what it fetches, else `sha384-…`.
fn integrity_like(bytes: &[u8], like: &str) -> (&'static str, String) {
    if like.starts_with("sha256-") {
        ("SHA-256", format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(bytes))))
    } else {
        ("SHA-384", integrity(bytes))
    }
}

impl Manifest {
    /// Reads `pkg/manifest.json` and checks every file it names against its hash.
    pub fn read(pkg: &Path) -> Result<Manifest, EmbedError> {
        let path = pkg.join("manifest.json");
        let text = std::fs::read_to_string(&path).map_err(|e| build_error(&path, e))?;
        let manifest: Manifest = serde_json::from_str(&text)
            .map_err(|e| EmbedError::Build { path: path.clone(), message: e.to_string() })?;
        for file in [&manifest.loader.stable, &manifest.loader.pinned] {
            verify(&pkg.join(file), &manifest.loader.integrity)?;
        }
        for (relative, expected) in manifest.assets.values() {
            verify(&asset_path(pkg, relative), expected)?;
        }
        Ok(manifest)
    }
}

fn build_error(path: &Path, e: std::io::Error) -> EmbedError {
    EmbedError::Build { path: path.to_owned(), message: e.to_string() }
}

/// Where an asset named relative to the base URL (`pkg/…`) is in the build output.
fn asset_path(pkg: &Path, relative: &str) -> PathBuf {
    pkg.join(relative.strip_prefix("pkg/").unwrap_or(relative))
}

fn verify(path: &Path, expected: &str) -> Result<(), EmbedError> {
    let bytes = std::fs::read(path).map_err(|e| build_error(path, e))?;
    let (algorithm, actual) = integrity_like(&bytes, expected);
    if actual == expected {
        Ok(())
    } else {
        Err(EmbedError::Mismatch { path: path.to_owned(), algorithm, expected: expected.to_owned(), actual })
    }
}

/// The embed code for one base URL.
#[derive(Debug, Clone, Serialize)]
pub struct Embed {
    /// The widget's version.
    pub version: String,
    /// The pinned loader's URL.
    pub src: String,
    /// Its SRI hash.
    pub integrity: String,
    /// `data-config`.
    pub config: String,
    /// The tag pinned to this build.
    pub tag: String,
    /// The tag of the stable URL, which follows new builds (pinning nothing but what the loader loads).
    pub unpinned_tag: String,
    /// The sources a host page's policy must allow, per directive.
    pub csp: BTreeMap<&'static str, Vec<String>>,
    /// A whole strict policy for a host page with nothing else to allow.
    pub policy: String,
}

/// The tag and policy for the files served under `base` (an `http(s)://` URL or a path
/// starting with `/`), configured by `config` (default: `touchpoint.config.json` under `base`).
pub fn embed(manifest: &Manifest, base: &str, config: Option<&str>) -> Result<Embed, EmbedError> {
    let base_origin = origin(base, "--base")?;
    let base = if base.ends_with('/') { base.to_owned() } else { format!("{base}/") };
    let config = config.map_or_else(|| format!("{base}touchpoint.config.json"), str::to_owned);
    // A relative `data-config` is on the page's own origin.
    let config_origin = if config.contains(':') { origin(&config, "--config")? } else { None };
    let pinned_name = manifest.loader.pinned.rsplit('/').next().unwrap_or(&manifest.loader.pinned);
    let src = format!("{base}{pinned_name}");
    let tag = format!(
        r#"<script async src="{}" integrity="{}" crossorigin="anonymous" data-config="{}"></script>"#,
        attribute(&src),
        attribute(&manifest.loader.integrity),
        attribute(&config)
    );
    let unpinned_tag = format!(
        r#"<script async src="{}" data-config="{}"></script>"#,
        attribute(&format!("{base}touchpoint.js")),
        attribute(&config)
    );
    let mut script = base_origin.iter().cloned().collect::<Vec<_>>();
    script.push("'wasm-unsafe-eval'".to_owned());
    let mut connect = base_origin.into_iter().collect::<Vec<_>>();
    if let Some(o) = config_origin
        && !connect.contains(&o)
    {
        connect.push(o);
    }
    let csp = BTreeMap::from([("script-src", script), ("connect-src", connect)]);
    let with_self = |directive: &str| {
        std::iter::once("'self'".to_owned()).chain(csp[directive].iter().cloned()).collect::<Vec<_>>().join(" ")
    };
    let policy = format!(
        "default-src 'self'; script-src {}; style-src 'self'; img-src 'self' data:; connect-src {}; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        with_self("script-src"),
        with_self("connect-src")
    );
    Ok(Embed {
        version: manifest.version.clone(),
        src,
        integrity: manifest.loader.integrity.clone(),
        config,
        tag,
        unpinned_tag,
        csp,
        policy,
    })
}

/// The origin of an absolute `http(s)` URL, `None` for a path on the page's own origin.
fn origin(url: &str, option: &str) -> Result<Option<String>, EmbedError> {
    if url.starts_with('/') && !url.starts_with("//") {
        return Ok(None);
    }
    let bad = |why: &str| EmbedError::Url(format!("{option} `{url}`: {why}"));
    let uri: axum::http::Uri = url.parse().map_err(|_| bad("not a URL"))?;
    let scheme = uri.scheme_str().ok_or_else(|| bad("give an http(s):// URL or a path starting with /"))?;
    if scheme != "https" && scheme != "http" {
        return Err(bad("only http: and https: URLs can be loaded by a page"));
    }
    let authority = uri.authority().ok_or_else(|| bad("no host"))?;
    if authority.as_str().contains('@') {
        return Err(bad("a URL with a user name or password cannot be used in a tag"));
    }
    if option == "--base" && uri.query().is_some() {
        return Err(bad("no query string: the loader finds its files next to itself"));
    }
    Ok(Some(format!("{scheme}://{authority}")))
}

/// `text` as an HTML attribute value inside double quotes.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

/// The notes printed beside the tag (standard error of `touchpoint embed`).
pub fn notes(embed: &Embed) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Touchpoint {}: the tag above is pinned to this build by its SHA-384;", embed.version);
    let _ = writeln!(out, "the browser runs nothing else. After updating Touchpoint, run `touchpoint embed` again.");
    let _ = writeln!(out, "Or the tag that follows updates (the files it loads are still pinned):");
    let _ = writeln!(out, "  {}", embed.unpinned_tag);
    let _ = writeln!(out);
    let _ = writeln!(out, "A page with a Content-Security-Policy allows, besides its own sources:");
    for (directive, sources) in &embed.csp {
        let _ = writeln!(out, "  {directive} {}", sources.join(" "));
    }
    let _ = writeln!(out, "(and in connect-src the origins of the configuration's endpoint and live_status URLs,");
    let _ = writeln!(out, "where they are elsewhere). A strict policy with nothing else to allow:");
    let _ = writeln!(out, "  Content-Security-Policy: {}", embed.policy);
    out
}

/// Copies what is served under the base URL into `out`: the loader under both names, beside
/// it whatever the build put at the root (language catalogues), and the assets under `pkg/`,
/// with their precompressed copies. Returns the files written, relative to `out`.
pub fn write_tree(pkg: &Path, manifest: &Manifest, out: &Path) -> Result<Vec<PathBuf>, EmbedError> {
    let mut written = Vec::new();
    let root = pkg.join("root");
    copy_dir(&root, out, Path::new(""), &mut written)?;
    for (relative, _) in manifest.assets.values() {
        for suffix in ["", ".br", ".gz"] {
            let from = asset_path(pkg, &format!("{relative}{suffix}"));
            if suffix.is_empty() || from.exists() {
                let to = PathBuf::from(format!("{relative}{suffix}"));
                copy(&from, &out.join(&to))?;
                written.push(to);
            }
        }
    }
    Ok(written)
}

fn copy_dir(from: &Path, out: &Path, relative: &Path, written: &mut Vec<PathBuf>) -> Result<(), EmbedError> {
    let dir = from.join(relative);
    let entries = std::fs::read_dir(&dir).map_err(|e| build_error(&dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| build_error(&dir, e))?;
        let name = relative.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(from, out, &name, written)?;
        } else {
            copy(&entry.path(), &out.join(&name))?;
            written.push(name);
        }
    }
    Ok(())
}

fn copy(from: &Path, to: &Path) -> Result<(), EmbedError> {
    let write_error = |source| EmbedError::Write { path: to.to_owned(), source };
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(write_error)?;
    }
    std::fs::copy(from, to).map(drop).map_err(|source| EmbedError::Write { path: to.to_owned(), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        Manifest {
            version: "1.2.3".into(),
            loader: LoaderFiles {
                stable: "root/touchpoint.js".into(),
                pinned: "root/touchpoint.0123456789.js".into(),
                integrity: "sha384-abc".into(),
            },
            assets: BTreeMap::new(),
        }
    }

    #[test]
    fn assets_pinned_with_sha256_are_checked_with_sha256() {
        // The SRI spec's example script again, under SHA-256.
        let script = b"alert('Hello, world.');";
        let (algorithm, value) = integrity_like(script, "sha256-whatever");
        assert_eq!((algorithm, value.as_str()), ("SHA-256", "sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng="));
        assert_eq!(integrity_like(script, "sha384-whatever"), ("SHA-384", integrity(script)));
    }

    #[test]
    fn integrity_is_sha384_in_base64() {
        // The SRI spec's example value for "alert('Hello, world.');".
        assert_eq!(
            integrity(b"alert('Hello, world.');"),
            "sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO"
        );
    }

    #[test]
    fn a_tag_for_another_origin_names_it_in_script_and_connect_src() {
        let e = embed(&manifest(), "https://cx.example.com/tp", None).unwrap();
        assert_eq!(
            e.tag,
            r#"<script async src="https://cx.example.com/tp/touchpoint.0123456789.js" integrity="sha384-abc" crossorigin="anonymous" data-config="https://cx.example.com/tp/touchpoint.config.json"></script>"#
        );
        assert_eq!(
            e.unpinned_tag,
            r#"<script async src="https://cx.example.com/tp/touchpoint.js" data-config="https://cx.example.com/tp/touchpoint.config.json"></script>"#
        );
        assert_eq!(e.csp["script-src"], ["https://cx.example.com", "'wasm-unsafe-eval'"]);
        assert_eq!(e.csp["connect-src"], ["https://cx.example.com"]);
        assert_eq!(
            e.policy,
            "default-src 'self'; script-src 'self' https://cx.example.com 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self' https://cx.example.com; object-src 'none'; base-uri 'none'; \
             frame-ancestors 'none'"
        );
    }

    #[test]
    fn files_on_a_cdn_and_a_configuration_at_the_collector() {
        let e = embed(
            &manifest(),
            "https://cdn.example.net/touchpoint/",
            Some("https://cx.example.com/touchpoint.config.json"),
        )
        .unwrap();
        assert_eq!(e.src, "https://cdn.example.net/touchpoint/touchpoint.0123456789.js");
        assert_eq!(e.csp["connect-src"], ["https://cdn.example.net", "https://cx.example.com"]);
    }

    #[test]
    fn files_on_the_sites_own_origin_need_only_wasm_unsafe_eval() {
        let e = embed(&manifest(), "/static/touchpoint/", Some("/touchpoint.config.json")).unwrap();
        assert_eq!(e.src, "/static/touchpoint/touchpoint.0123456789.js");
        assert_eq!(e.csp["script-src"], ["'wasm-unsafe-eval'"]);
        assert!(e.csp["connect-src"].is_empty());
    }

    #[test]
    fn unusable_urls_are_refused_with_the_option_named() {
        for (base, config, expected) in [
            ("cx.example.com", None, "--base `cx.example.com`: give an http(s):// URL or a path starting with /"),
            (
                "ftp://cx.example.com/",
                None,
                "--base `ftp://cx.example.com/`: only http: and https: URLs can be loaded by a page",
            ),
            (
                "https://me:pw@cx.example.com/",
                None,
                "--base `https://me:pw@cx.example.com/`: a URL with a user name or password cannot be used in a tag",
            ),
            (
                "https://cx.example.com/?v=1",
                None,
                "--base `https://cx.example.com/?v=1`: no query string: the loader finds its files next to itself",
            ),
            (
                "https://cx.example.com/",
                Some("mailto:x@example.com"),
                "--config `mailto:x@example.com`: give an http(s):// URL or a path starting with /",
            ),
        ] {
            assert_eq!(embed(&manifest(), base, config).unwrap_err().to_string(), expected);
        }
    }

    #[test]
    fn attribute_values_are_escaped() {
        assert_eq!(attribute(r#"/a"b&c<d"#), "/a&quot;b&amp;c&lt;d");
    }
}
