//! A tiny HTTP/1.1 server on 127.0.0.1 for the link tests: fixed answers per
//! path (200, 404, 500, redirects, a loop, a slow page, 429 with
//! `Retry-After`, 403, and `/goto-301?URL` or `/goto-302?URL` to any URL),
//! one response per connection, hits counted per path (with its query).

#![allow(clippy::expect_used, clippy::unwrap_used)]
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A tiny HTTP/1.1 server: one response per connection, hits counted per path.
pub struct Server {
    pub addr: SocketAddr,
    hits: Arc<Mutex<HashMap<String, usize>>>,
    _runtime: tokio::runtime::Runtime,
}

impl Server {
    pub fn start(delay: Duration) -> Server {
        Server::start_on("127.0.0.1:0".parse().unwrap(), delay).unwrap()
    }

    /// A server on the given loopback address (`127.0.0.2:0`, or a fixed
    /// port); `None` when it cannot be bound.
    pub fn start_on(bind: SocketAddr, delay: Duration) -> Option<Server> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let listener = runtime.block_on(tokio::net::TcpListener::bind(bind)).ok()?;
        let addr = listener.local_addr().unwrap();
        let h = hits.clone();
        runtime.spawn(async move {
            loop {
                let Ok((mut sock, _)) = listener.accept().await else { continue };
                let hits = h.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 1024];
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        match sock.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let head = String::from_utf8_lossy(&buf);
                    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
                    let n = {
                        let mut m = hits.lock().unwrap();
                        let e = m.entry(path.clone()).or_insert(0);
                        *e += 1;
                        *e
                    };
                    if !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                    }
                    let (status, extra) = respond(&path, n).await;
                    let resp = format!("HTTP/1.1 {status}\r\nContent-Length: 2\r\nContent-Type: text/plain\r\nConnection: close\r\n{extra}\r\nok");
                    let _ = sock.write_all(resp.as_bytes()).await;
                    let _ = sock.shutdown().await;
                });
            }
        });
        Some(Server {
            addr,
            hits,
            _runtime: runtime,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

async fn respond(path: &str, nth: usize) -> (&'static str, String) {
    // `/goto-302?URL` and `/goto-301?URL` redirect to URL.
    if let Some((kind, to)) = path.split_once('?') {
        match kind {
            "/goto-301" => return ("301 Moved Permanently", format!("Location: {to}\r\n")),
            "/goto-302" => return ("302 Found", format!("Location: {to}\r\n")),
            _ => {}
        }
    }
    match path {
        "/missing" => ("404 Not Found", String::new()),
        "/error" => ("500 Internal Server Error", String::new()),
        "/moved" => ("301 Moved Permanently", "Location: /ok\r\n".into()),
        "/found" => ("302 Found", "Location: /ok\r\n".into()),
        "/loop-a" => ("301 Moved Permanently", "Location: /loop-b\r\n".into()),
        "/loop-b" => ("301 Moved Permanently", "Location: /loop-a\r\n".into()),
        "/slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            ("200 OK", String::new())
        }
        "/limited-once" if nth == 1 => ("429 Too Many Requests", "Retry-After: 1\r\n".into()),
        "/limited-always" => ("429 Too Many Requests", "Retry-After: 0\r\n".into()),
        "/forbidden" => ("403 Forbidden", String::new()),
        _ => ("200 OK", String::new()),
    }
}
