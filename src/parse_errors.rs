//! Problem documents for the requests the HTTP parser refuses before any of Marquee's code
//! sees them: a request line or URI it cannot read (400; the `http` crate takes URIs of at most
//! 64 KiB), more than 96 headers or a head over 128 KiB (431). actix-http answers those
//! itself, with an empty body, then closes the connection. [`ProblemIo`] sits between it and
//! the socket and, when it writes one of those bare answers, writes a problem document in its
//! place. (Everything the parser lets through is screened by `middleware::screen_request`.)

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use actix_http::Protocol;
use actix_service::{fn_service, ServiceFactory, ServiceFactoryExt};
use actix_web::rt::net::TcpStream;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The parser's bare answers, as actix-http writes them, and what goes out instead.
const REPLACED: [(&[u8], u16, &str, &str); 2] = [
    (
        b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n",
        400,
        "Bad Request",
        "the request line or its headers could not be read (a URI of 64 KiB or more, or malformed)",
    ),
    (
        b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n",
        431,
        "Request Header Fields Too Large",
        "the request has more than 96 headers, or its head is over 128 KiB",
    ),
];

/// The problem response that replaces a bare answer of the parser.
fn problem(status: u16, title: &str, detail: &str) -> Vec<u8> {
    let kind =
        actix_web::http::StatusCode::from_u16(status).map_or_else(|_| "bad-request".into(), crate::error::problem_type);
    let body = serde_json::json!({"type": format!("urn:marquee:problem:{kind}"), "title": title, "status": status, "detail": detail})
        .to_string();
    format!(
        "HTTP/1.1 {status} {title}\r\ncontent-type: application/problem+json\r\ncontent-length: {}\r\n\
         x-content-type-options: nosniff\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A connection whose bare parser errors go out as problem documents.
pub struct ProblemIo<T> {
    inner: T,
    /// A replacement being written, and how much of it is out.
    pending: Option<(Vec<u8>, usize)>,
}

impl<T: AsyncWrite + Unpin> ProblemIo<T> {
    pub fn new(inner: T) -> Self {
        ProblemIo { inner, pending: None }
    }

    /// Writes what is left of the replacement.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, written)) = &mut self.pending {
            if *written == bytes.len() {
                self.pending = None;
                break;
            }
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &bytes[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *written += n;
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for ProblemIo<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for ProblemIo<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        ready!(self.drain(cx))?;
        if let Some((_, status, title, detail)) = REPLACED.iter().find(|(bare, ..)| buf.starts_with(bare)) {
            // The bare answer is taken whole (it ends the connection); the problem goes out
            // in its place, finished by the flush or shutdown that follows.
            self.pending = Some((problem(*status, title, detail), 0));
            let _ = self.drain(cx)?;
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// `service` (actix-http's HTTP/1 service) on plain TCP connections, each wrapped in a
/// [`ProblemIo`]: what `HttpService::tcp` does, plus the wrapper.
pub fn tcp<S>(
    service: S,
) -> impl ServiceFactory<TcpStream, Config = (), Response = (), Error = S::Error, InitError = ()>
where
    S: ServiceFactory<
        (ProblemIo<TcpStream>, Protocol, Option<std::net::SocketAddr>),
        Config = (),
        Response = (),
        InitError = (),
    >,
{
    fn_service(|io: TcpStream| async move {
        let _ = io.set_nodelay(true);
        let peer = io.peer_addr().ok();
        Ok((ProblemIo::new(io), Protocol::Http1, peer))
    })
    .and_then(service)
}
