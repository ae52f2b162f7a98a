"""Reads Marquee's published content through the generated Python client.

    MARQUEE_URL=http://127.0.0.1:8080 PYTHONPATH=generated python read.py

Lists the newest articles, reads the first in full with its sections and cast, and checks
that revalidating with its ETag gives 304. Exits non-zero on the first surprise.
"""

import os
import sys

from marquee_client import Client
from marquee_client.api.public import get_public_article, list_public_articles
from marquee_client.models import PageArticleSummary, PublicArticle


def main() -> int:
    client = Client(base_url=os.environ["MARQUEE_URL"], raise_on_unexpected_status=True)
    page = list_public_articles.sync(client=client, limit=5)
    if not isinstance(page, PageArticleSummary) or not page.data:
        print(f"no published article: {page!r}", file=sys.stderr)
        return 1
    slug = page.data[0].slug
    print(f"ok   {len(page.data)} articles, the newest is {slug}")

    response = get_public_article.sync_detailed(client=client, slug=slug)
    article = response.parsed
    if not isinstance(article, PublicArticle):
        print(f"GET /articles/{slug}: {response.status_code}", file=sys.stderr)
        return 1
    headings = [section.heading for section in article.sections]
    print(f"ok   {article.title}: {len(headings)} sections, first {headings[0]!r}")
    if article.movie is not None:
        directors = ", ".join(person.name for person in article.movie.directors)
        cast = ", ".join(member.name for member in article.movie.cast[:3])
        print(f"ok   directed by {directors}; starring {cast}")

    etag = response.headers["etag"]
    again = get_public_article.sync_detailed(client=client, slug=slug, if_none_match=etag)
    if again.status_code != 304:
        print(f"If-None-Match gave {again.status_code}, not 304", file=sys.stderr)
        return 1
    print("ok   If-None-Match gives 304")
    return 0


if __name__ == "__main__":
    sys.exit(main())
