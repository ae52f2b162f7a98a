//! Video URLs as embeds: a YouTube, Vimeo or Dailymotion address, in any of the forms people
//! paste, read locally (no request to the provider) into the video's id, a player URL on the
//! provider's most private host, a thumbnail where the provider has a fixed address for one,
//! and where to start.

use serde::Serialize;
use url::Url;
use utoipa::ToSchema;

crate::text_enum! {
    /// Whose player shows the video.
    Provider {
        Youtube => "youtube",
        Vimeo => "vimeo",
        Dailymotion => "dailymotion",
    }
}

/// A video ready to embed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Embed {
    pub provider: Provider,
    #[schema(example = "tFMo3UJ4B4g")]
    pub video_id: String,
    /// The player, on the provider's privacy-enhanced host where it has one
    /// (`youtube-nocookie.com`; Vimeo with `dnt=1`), starting at `start_seconds`.
    #[schema(example = "https://www.youtube-nocookie.com/embed/tFMo3UJ4B4g?start=90")]
    pub embed_url: String,
    /// A still of the video; `null` where the provider has no fixed address for one (Vimeo).
    #[schema(example = "https://i.ytimg.com/vi/tFMo3UJ4B4g/hqdefault.jpg")]
    pub thumbnail_url: Option<String>,
    /// Where the link starts the video (`t=`, `start=`, `#t=`), in seconds.
    pub start_seconds: Option<u32>,
}

/// The embed of a video URL, or `None` for any other URL.
pub fn embed(url: &str) -> Option<Embed> {
    let url = Url::parse(url.trim()).ok().filter(|u| matches!(u.scheme(), "http" | "https"))?;
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let host = host.strip_prefix("m.").unwrap_or(host);
    let segments: Vec<&str> = url.path_segments().map(|s| s.filter(|p| !p.is_empty()).collect()).unwrap_or_default();
    match host {
        "youtube.com" | "youtube-nocookie.com" | "music.youtube.com" | "youtu.be" => youtube(&url, host, &segments),
        "vimeo.com" | "player.vimeo.com" => vimeo(&url, &segments),
        "dailymotion.com" | "dai.ly" | "geo.dailymotion.com" => dailymotion(&url, host, &segments),
        _ => None,
    }
}

fn youtube(url: &Url, host: &str, segments: &[&str]) -> Option<Embed> {
    let id = match (host, segments) {
        ("youtu.be", [id, ..]) => (*id).to_string(),
        (_, ["watch"]) => query(url, "v")?,
        (_, ["embed" | "shorts" | "live" | "v" | "e", id, ..]) => (*id).to_string(),
        _ => return None,
    };
    let valid = id.len() == 11 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !valid {
        return None;
    }
    let start = query(url, "t").or_else(|| query(url, "start")).and_then(|t| seconds(&t));
    let embed_url = format!(
        "https://www.youtube-nocookie.com/embed/{id}{}",
        start.map_or(String::new(), |s| format!("?start={s}"))
    );
    Some(Embed {
        provider: Provider::Youtube,
        thumbnail_url: Some(format!("https://i.ytimg.com/vi/{id}/hqdefault.jpg")),
        video_id: id,
        embed_url,
        start_seconds: start,
    })
}

fn vimeo(url: &Url, segments: &[&str]) -> Option<Embed> {
    // vimeo.com/76979871, vimeo.com/channels/staffpicks/76979871, vimeo.com/groups/x/videos/
    // 76979871, player.vimeo.com/video/76979871: the id is the last all-digit segment.
    let id = segments.iter().rev().find(|s| !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit()))?;
    let start = url
        .fragment()
        .and_then(|f| f.strip_prefix("t="))
        .map(str::to_string)
        .or_else(|| query(url, "t"))
        .and_then(|t| seconds(&t));
    let at = start.map_or(String::new(), |s| format!("#t={s}s"));
    // An unlisted video's link carries its hash (`vimeo.com/ID/HASH`, `?h=HASH`); the player
    // needs it.
    let after_id = segments.iter().skip_while(|s| *s != id).nth(1).copied();
    let hash = query(url, "h")
        .or_else(|| after_id.map(str::to_string))
        .filter(|h| h.len() <= 20 && h.bytes().all(|b| b.is_ascii_hexdigit()));
    let hash = hash.map_or(String::new(), |h| format!("&h={h}"));
    Some(Embed {
        provider: Provider::Vimeo,
        video_id: (*id).to_string(),
        embed_url: format!("https://player.vimeo.com/video/{id}?dnt=1{hash}{at}"),
        thumbnail_url: None,
        start_seconds: start,
    })
}

fn dailymotion(url: &Url, host: &str, segments: &[&str]) -> Option<Embed> {
    let id = match (host, segments) {
        ("dai.ly", [id, ..]) => (*id).to_string(),
        ("geo.dailymotion.com", ["player.html"] | [_, ..]) => query(url, "video")?,
        (_, ["embed", "video", id, ..] | ["video" | "embed", id, ..]) => {
            // `x8abc12_the-title`: the id is what comes before the underscore.
            id.split('_').next().unwrap_or_default().to_string()
        }
        _ => return None,
    };
    let valid = (5..=12).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric());
    if !valid {
        return None;
    }
    let start = query(url, "start").and_then(|t| seconds(&t));
    Some(Embed {
        provider: Provider::Dailymotion,
        embed_url: format!(
            "https://geo.dailymotion.com/player.html?video={id}{}",
            start.map_or(String::new(), |s| format!("&startTime={s}"))
        ),
        thumbnail_url: Some(format!("https://www.dailymotion.com/thumbnail/video/{id}")),
        video_id: id,
        start_seconds: start,
    })
}

fn query(url: &Url, name: &str) -> Option<String> {
    url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned()).filter(|v| !v.is_empty())
}

/// `90`, `90s`, `1m30s`, `1h2m3s` or `01:30` as seconds; `None` for anything else or zero.
fn seconds(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.contains(':') {
        return text.split(':').try_fold(0u32, |total, part| {
            let n: u32 = part.parse().ok()?;
            total.checked_mul(60)?.checked_add(n)
        });
    }
    if let Ok(n) = text.parse::<u32>() {
        return (n > 0).then_some(n);
    }
    let (mut total, mut number) = (0u32, String::new());
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        let n: u32 = std::mem::take(&mut number).parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
    }
    (number.is_empty() && total > 0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn youtube_at(url: &str) -> Option<(String, Option<u32>)> {
        embed(url).filter(|e| e.provider == Provider::Youtube).map(|e| (e.video_id, e.start_seconds))
    }

    #[test]
    fn youtube_in_every_form_people_paste() {
        let id = "tFMo3UJ4B4g".to_string();
        for (url, start) in [
            ("https://www.youtube.com/watch?v=tFMo3UJ4B4g", None),
            ("https://youtube.com/watch?feature=share&v=tFMo3UJ4B4g&t=90", Some(90)),
            ("https://m.youtube.com/watch?v=tFMo3UJ4B4g&t=1m30s", Some(90)),
            ("https://youtu.be/tFMo3UJ4B4g?t=1h2m3s", Some(3723)),
            ("https://www.youtube.com/shorts/tFMo3UJ4B4g", None),
            ("https://www.youtube.com/embed/tFMo3UJ4B4g?start=42", Some(42)),
            ("http://www.youtube-nocookie.com/embed/tFMo3UJ4B4g", None),
            ("https://www.youtube.com/live/tFMo3UJ4B4g?t=01:30", Some(90)),
        ] {
            assert_eq!(youtube_at(url), Some((id.clone(), start)), "{url}");
        }
        let e = embed("https://youtu.be/tFMo3UJ4B4g?t=90").unwrap();
        assert_eq!(e.embed_url, "https://www.youtube-nocookie.com/embed/tFMo3UJ4B4g?start=90");
        assert_eq!(e.thumbnail_url.as_deref(), Some("https://i.ytimg.com/vi/tFMo3UJ4B4g/hqdefault.jpg"));
        for other in [
            "https://www.youtube.com/watch?v=short",
            "https://www.youtube.com/channel/UC123",
            "https://www.youtube.com/watch?v=tFMo3UJ4B4g%22%3E",
            "https://youtube.com.evil.example/watch?v=tFMo3UJ4B4g",
            "javascript:alert(1)//youtube.com/watch?v=tFMo3UJ4B4g",
        ] {
            assert_eq!(embed(other), None, "{other}");
        }
    }

    #[test]
    fn vimeo_and_dailymotion() {
        let v = embed("https://vimeo.com/76979871#t=1m2s").unwrap();
        assert_eq!((v.provider, v.video_id.as_str(), v.start_seconds), (Provider::Vimeo, "76979871", Some(62)));
        assert_eq!(v.embed_url, "https://player.vimeo.com/video/76979871?dnt=1#t=62s");
        assert_eq!(v.thumbnail_url, None);
        for url in ["https://player.vimeo.com/video/76979871", "https://vimeo.com/channels/staffpicks/76979871"] {
            assert_eq!(embed(url).unwrap().video_id, "76979871", "{url}");
        }
        assert_eq!(embed("https://vimeo.com/about"), None);
        let unlisted = embed("https://vimeo.com/76979871/a1b2c3d4e5").unwrap();
        assert_eq!(unlisted.embed_url, "https://player.vimeo.com/video/76979871?dnt=1&h=a1b2c3d4e5");

        let d = embed("https://www.dailymotion.com/video/x8abc12_the-trailer?start=30").unwrap();
        assert_eq!((d.provider, d.video_id.as_str(), d.start_seconds), (Provider::Dailymotion, "x8abc12", Some(30)));
        assert_eq!(d.embed_url, "https://geo.dailymotion.com/player.html?video=x8abc12&startTime=30");
        assert_eq!(embed("https://dai.ly/x8abc12").unwrap().video_id, "x8abc12");
        assert_eq!(embed("https://www.dailymotion.com/embed/video/x8abc12").unwrap().video_id, "x8abc12");
        assert_eq!(embed("https://www.dailymotion.com/us"), None);
        assert_eq!(embed("https://films.example/trailer.mp4"), None);
    }

    #[test]
    fn start_times() {
        for (text, expected) in [
            ("90", Some(90)),
            ("90s", Some(90)),
            ("2m", Some(120)),
            ("1:02:03", Some(3723)),
            ("0", None),
            ("x", None),
            ("5q", None),
            ("99999999999", None),
        ] {
            assert_eq!(seconds(text), expected, "{text}");
        }
    }
}
