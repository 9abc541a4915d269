//! The accept loop: at most `max_connections` connections at once (the next ones wait in the
//! kernel's listen backlog until one closes), a deadline for each request's head (idle
//! keep-alive connections included, so a client that says nothing is closed too), and a
//! graceful stop. axum's own `serve` has neither the deadline nor the cap.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower::Service;

/// How connections are bounded.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// Connections served at once.
    pub max_connections: usize,
    /// Time a client has to send a request's line and headers, from the moment the server
    /// waits for them (a new connection, or the end of the previous response).
    pub header_timeout: Duration,
}

/// Accepts and serves connections until `stop` turns true, then asks every open connection to
/// finish its request in flight and waits for all of them (the caller bounds that wait).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    mut stop: watch::Receiver<bool>,
) -> io::Result<()> {
    let max = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let slots = Arc::new(Semaphore::new(max));
    let (closing_tx, closing) = watch::channel(false);
    loop {
        // A slot first, then the connection: past the cap, connections queue in the backlog
        // instead of being accepted and left unanswered.
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => p.expect("the semaphore is never closed"),
            _ = stop.wait_for(|s| *s) => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    wait_after_accept_error(&e).await;
                    continue;
                }
            },
            _ = stop.wait_for(|s| *s) => break,
        };
        let router = router.clone();
        let mut closing = closing.clone();
        let header_timeout = limits.header_timeout;
        tokio::spawn(async move {
            let _slot = permit;
            let _ = stream.set_nodelay(true);
            let service = service_fn(move |mut req: hyper::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                let mut router = router.clone();
                async move { Ok::<_, Infallible>(router.call(req).await.unwrap_or_else(|e| match e {})) }
            });
            let mut builder = http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(header_timeout);
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            let closing = async move {
                let _ = closing.wait_for(|c| *c).await;
            };
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = closing => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    drop(listener);
    let _ = closing_tx.send(true);
    // Every slot back means every connection is closed.
    let _ = slots.acquire_many(max as u32).await;
    Ok(())
}

/// A failed accept: a connection that died in the backlog is nothing; running out of file
/// descriptors or memory passes with time, so wait rather than spin.
async fn wait_after_accept_error(e: &io::Error) {
    let connection_error = matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    );
    if !connection_error {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
