//! The language server (`loclint server`): a thin adapter from LSP over
//! stdio to the engine and the diagnostics.
//!
//! Every open buffer is an override in one engine `Workspace`, so checking a
//! buffer is what `check --stdin-filename` does with it: the same config
//! discovery, pairing and rules, and cross-file rules that read the other
//! pages from disk, or from their buffers when they are open. After a change
//! only the changed buffer is checked again, then the open buffers that link
//! to it or translate it (their anchors and sources may have moved). Messages
//! that arrive while a check runs are read before the next check, so a burst
//! of keystrokes is checked once.
//!
//! Positions are UTF-16 code units unless the client offers UTF-8
//! (`position.rs`); the engine's byte ranges are converted at this edge only.

mod actions;
pub mod position;

use crate::checks::Rule;
use crate::decode::EncodingInfo;
use crate::diagnostic::{self, Severity};
use crate::engine::{self, RunOptions, Workspace};
use crate::links::index::PageLookup;
use crate::links::page::{LinkDest, PageLinks};
use crate::links::resolve::Resolution;
use crate::util::{normalize, percent_decode};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    DiagnosticRelatedInformation, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, InitializeParams, Location, MessageType,
    NumberOrString, PositionEncodingKind, PublishDiagnosticsParams, ServerCapabilities, ServerInfo,
    ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use position::{LineMap, PositionEncoding};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Why the server stopped other than by `shutdown` and `exit`.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ServerError {
    #[error("language server protocol error: {0}")]
    #[diagnostic(code(loclint::lsp))]
    Protocol(String),
}

impl From<lsp_server::ProtocolError> for ServerError {
    fn from(e: lsp_server::ProtocolError) -> ServerError {
        ServerError::Protocol(e.to_string())
    }
}

/// Serves LSP on standard input and output until the client says `exit`.
pub fn serve_stdio() -> Result<(), ServerError> {
    let (connection, io) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    io.join().map_err(|e| ServerError::Protocol(e.to_string()))
}

/// Serves LSP on a connection: initialize, then the main loop.
pub fn serve(connection: &Connection) -> Result<(), ServerError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)
        .map_err(|e| ServerError::Protocol(format!("bad initialize params: {e}")))?;
    let encoding = negotiate_encoding(&params);
    let capabilities = ServerCapabilities {
        position_encoding: Some(match encoding {
            PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
            PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                actions::FIX_ALL_KIND.clone(),
            ]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    };
    let result = lsp_types::InitializeResult {
        capabilities,
        server_info: Some(ServerInfo {
            name: "loclint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| ServerError::Protocol(e.to_string()))?;
    connection.initialize_finish(id, result)?;
    Server::new(connection, encoding).main_loop()
}

/// UTF-8 when the client lists it, else the protocol's default, UTF-16.
fn negotiate_encoding(params: &InitializeParams) -> PositionEncoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|list| list.contains(&PositionEncodingKind::UTF8)) {
        PositionEncoding::Utf8
    } else {
        PositionEncoding::Utf16
    }
}

/// An open buffer.
struct OpenDoc {
    uri: Uri,
    version: i32,
    text: String,
    /// How the file on disk was decoded when the buffer opened, so that
    /// `non-utf8-file` still speaks of the file the buffer will be saved to.
    info: EncodingInfo,
    /// The buffer's findings, from its last check.
    diagnostics: Vec<diagnostic::Diagnostic>,
    /// The pages this one reads in cross-file rules: its link targets and
    /// its English source.
    reads: BTreeSet<PathBuf>,
}

pub(crate) struct Server<'c> {
    connection: &'c Connection,
    encoding: PositionEncoding,
    ws: Workspace,
    rules: Vec<&'static dyn Rule>,
    docs: BTreeMap<PathBuf, OpenDoc>,
    /// Buffers changed since their last check.
    dirty: BTreeSet<PathBuf>,
    /// Config errors already shown, so a broken `loclint.toml` is said once.
    shown_errors: BTreeSet<String>,
}

impl<'c> Server<'c> {
    fn new(connection: &'c Connection, encoding: PositionEncoding) -> Server<'c> {
        Server {
            connection,
            encoding,
            ws: Workspace::new(crate::config::ConfigMode::Discover),
            // Every rule; `loclint.toml` turns rules off per file, as in `check`.
            rules: engine::selected_rules(&RunOptions::default()).unwrap_or_default(),
            docs: BTreeMap::new(),
            dirty: BTreeSet::new(),
            shown_errors: BTreeSet::new(),
        }
    }

    fn main_loop(&mut self) -> Result<(), ServerError> {
        loop {
            let Ok(msg) = self.connection.receiver.recv() else {
                return Ok(());
            };
            if self.handle(msg)? {
                return Ok(());
            }
            // Read what queued up during the last check before checking again.
            while let Ok(msg) = self.connection.receiver.try_recv() {
                if self.handle(msg)? {
                    return Ok(());
                }
            }
            self.flush();
        }
    }

    /// Handles one message; true once the client has said `exit`.
    fn handle(&mut self, msg: Message) -> Result<bool, ServerError> {
        match msg {
            Message::Request(request) => {
                if self.connection.handle_shutdown(&request)? {
                    return Ok(true);
                }
                // A request sees the buffers as they are now.
                self.flush();
                let response = self.request(request);
                self.send(response.into());
            }
            Message::Notification(n) => {
                if n.method == note::Exit::METHOD {
                    return Ok(true);
                }
                self.notification(n);
            }
            Message::Response(_) => {}
        }
        Ok(false)
    }

    fn send(&self, msg: Message) {
        // The client hung up: the main loop ends when the receiver does.
        let _ = self.connection.sender.send(msg);
    }

    fn request(&mut self, request: Request) -> Response {
        if request.method != req::CodeActionRequest::METHOD {
            return Response::new_err(
                request.id,
                ErrorCode::MethodNotFound as i32,
                format!("loclint does not handle {}", request.method),
            );
        }
        match serde_json::from_value::<CodeActionParams>(request.params) {
            Ok(params) => {
                let result = self.code_actions(&params);
                Response::new_ok(request.id, result)
            }
            Err(e) => Response::new_err(request.id, ErrorCode::InvalidParams as i32, e.to_string()),
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                    self.open(
                        p.text_document.uri,
                        p.text_document.version,
                        p.text_document.text,
                    );
                }
            }
            note::DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) {
                    self.change(&p);
                }
            }
            note::DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                    self.close(&p.text_document.uri);
                }
            }
            note::DidSaveTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) {
                    self.saved(&p.text_document.uri);
                }
            }
            note::DidChangeWatchedFiles::METHOD => self.reload(),
            _ => {}
        }
    }

    fn open(&mut self, uri: Uri, version: i32, text: String) {
        let Some(path) = file_path(&uri) else {
            return;
        };
        let info = self
            .ws
            .read_text(&path)
            .map(|(_, info)| info)
            .unwrap_or_default();
        self.ws.set_override(&path, text.clone().into_bytes());
        self.docs.insert(
            path.clone(),
            OpenDoc {
                uri,
                version,
                text,
                info,
                diagnostics: Vec::new(),
                reads: BTreeSet::new(),
            },
        );
        self.dirty.insert(path);
    }

    fn change(&mut self, p: &DidChangeTextDocumentParams) {
        let Some(path) = file_path(&p.text_document.uri) else {
            return;
        };
        let Some(doc) = self.docs.get_mut(&path) else {
            return;
        };
        for change in &p.content_changes {
            match change.range {
                Some(range) => {
                    let map = LineMap::new(&doc.text, self.encoding);
                    let start = map.offset(range.start);
                    let end = map.offset(range.end).max(start);
                    doc.text.replace_range(start..end, &change.text);
                }
                None => doc.text.clone_from(&change.text),
            }
        }
        doc.version = p.text_document.version;
        self.ws.set_override(&path, doc.text.clone().into_bytes());
        self.dirty.insert(path);
    }

    fn close(&mut self, uri: &Uri) {
        let Some(path) = file_path(uri) else {
            return;
        };
        if self.docs.remove(&path).is_some() {
            self.ws.forget(&path);
            self.publish_raw(uri.clone(), Vec::new(), None);
            // Pages that read the buffer read the file on disk again.
            let readers = self.readers_of(&path);
            self.dirty.extend(readers);
        }
    }

    /// A saved buffer is what the disk holds now; a saved config changes
    /// what every page is checked with.
    fn saved(&mut self, uri: &Uri) {
        let Some(path) = file_path(uri) else {
            return;
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if matches!(name, "loclint.toml" | ".loclint.toml") {
            self.reload();
        }
    }

    /// Starts over from the disk (a config or a page changed there), keeping
    /// the open buffers.
    fn reload(&mut self) {
        self.ws = Workspace::new(crate::config::ConfigMode::Discover);
        self.shown_errors.clear();
        for (path, doc) in &self.docs {
            self.ws.set_override(path, doc.text.clone().into_bytes());
        }
        self.dirty.extend(self.docs.keys().cloned());
    }

    /// The open buffers whose cross-file findings read `path`.
    fn readers_of(&self, path: &Path) -> Vec<PathBuf> {
        self.docs
            .iter()
            .filter(|(p, d)| p.as_path() != path && d.reads.contains(path))
            .map(|(p, _)| p.clone())
            .collect()
    }

    /// Checks the changed buffers, then the buffers that read them, and
    /// publishes their diagnostics.
    fn flush(&mut self) {
        if self.dirty.is_empty() {
            return;
        }
        let changed = std::mem::take(&mut self.dirty);
        let mut todo: Vec<PathBuf> = changed.iter().cloned().collect();
        // Checking a changed page first re-indexes it, so its readers see
        // its new anchors.
        let readers: BTreeSet<PathBuf> = changed
            .iter()
            .flat_map(|p| self.readers_of(p))
            .filter(|p| !changed.contains(p))
            .collect();
        todo.extend(readers);
        for path in todo {
            self.check(&path);
            self.publish(&path);
        }
    }

    /// Checks one buffer and keeps its findings (published by the caller).
    fn check(&mut self, path: &Path) {
        let Some(doc) = self.docs.get(path) else {
            return;
        };
        let wanted = match self.ws.try_config_for(path) {
            Ok(cfg) => cfg.wants(path),
            Err(e) => {
                let text = format!("{:?}", miette::Report::new(*e));
                if self.shown_errors.insert(text.clone()) {
                    self.show_message(MessageType::ERROR, format!("loclint: {text}"));
                }
                false
            }
        };
        let diagnostics = if wanted {
            engine::check_text(
                &self.ws,
                path,
                doc.text.clone(),
                doc.info.clone(),
                &self.rules,
            )
        } else {
            Vec::new()
        };
        let reads = if wanted {
            self.pages_read_by(path)
        } else {
            BTreeSet::new()
        };
        if let Some(doc) = self.docs.get_mut(path) {
            doc.diagnostics = diagnostics;
            doc.reads = reads;
        }
    }

    /// The pages a page's cross-file rules read: where its links go, and
    /// its English source.
    fn pages_read_by(&self, path: &Path) -> BTreeSet<PathBuf> {
        let mut out = BTreeSet::new();
        let Some(index) = self.ws.page(path) else {
            return out;
        };
        let links = PageLinks::new(&index.path, self.ws.links(), &index.config);
        out.extend(index.source_path.iter().map(|p| normalize(p)));
        out.extend(links.mirrored_source().map(|p| normalize(&p)));
        for link in &index.links {
            if let Some(LinkDest::Path {
                resolution: Resolution::Found(p),
                ..
            }) = links.local_dest(link)
            {
                out.insert(normalize(&p));
            }
        }
        out
    }

    fn publish(&self, path: &Path) {
        let Some(doc) = self.docs.get(path) else {
            return;
        };
        let map = LineMap::new(&doc.text, self.encoding);
        let diagnostics = doc
            .diagnostics
            .iter()
            .map(|d| to_lsp(d, &doc.uri, &map))
            .collect();
        self.publish_raw(doc.uri.clone(), diagnostics, Some(doc.version));
    }

    fn publish_raw(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(note::PublishDiagnostics::METHOD.to_string(), params).into());
    }

    fn show_message(&self, typ: MessageType, message: String) {
        let params = ShowMessageParams { typ, message };
        self.send(Notification::new(note::ShowMessage::METHOD.to_string(), params).into());
    }
}

/// One finding as the client shows it.
fn to_lsp(d: &diagnostic::Diagnostic, uri: &Uri, map: &LineMap) -> lsp_types::Diagnostic {
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), map.range(&l.range)),
            message: l.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range: map.range(&d.range),
        severity: Some(match d.severity {
            Severity::Error => lsp_types::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp_types::DiagnosticSeverity::WARNING,
            Severity::Info => lsp_types::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.to_string())),
        source: Some("loclint".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}

/// The path of a `file:` URI, absolute and normalised as the engine keys
/// its pages; `None` for other schemes (unsaved buffers).
fn file_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file://host/path`: the path starts at the first slash after the host.
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode(path);
    // `/C:/dir/page.md` on Windows.
    let bytes = decoded.as_bytes();
    let decoded: &str = if cfg!(windows) && bytes.len() > 2 && bytes[2] == b':' {
        &decoded[1..]
    } else {
        &decoded
    };
    Some(normalize(Path::new(decoded)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn file_uris_become_paths_with_escapes_decoded() {
        let uri = Uri::from_str("file:///tmp/%ED%95%9C/a%20b.md").unwrap();
        assert_eq!(file_path(&uri), Some(PathBuf::from("/tmp/한/a b.md")));
        let untitled = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(file_path(&untitled), None);
    }
}
