#!/usr/bin/env python3
"""Seeds a Marquee server with a benchmark catalogue through its admin API.

Per article: its own movie with 12 credits (a director, a writer, ten actors in billing
order), 8 sections of markdown, 2 tags, up to 3 related articles; then it is published.
Standard library only. Prints the slugs the benchmark needs as JSON on stdout.
"""

import argparse
import concurrent.futures
import http.client
import json
import random
import sys
import threading

WORDS = ("the end of the film reveals what the heptapods knew all along about time memory and "
         "loss the director frames each scene so that the audience sees the future before "
         "the characters do and the score carries the weight of every choice").split()

local = threading.local()


def conn(host, port):
    if not hasattr(local, "conn"):
        local.conn = http.client.HTTPConnection(host, port, timeout=30)
    return local.conn


def call(args, method, path, body=None, token=None):
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    data = json.dumps(body) if body is not None else None
    for attempt in range(3):
        c = conn(args.host, args.port)
        try:
            c.request(method, path, body=data, headers=headers)
            response = c.getresponse()
            payload = response.read()
            if response.status >= 300:
                raise RuntimeError(f"{method} {path}: {response.status} {payload[:300]!r}")
            return json.loads(payload) if payload else None
        except (http.client.HTTPException, ConnectionError):
            local.conn.close()
            del local.conn
            if attempt == 2:
                raise


def paragraph(rng, words=60):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=18300)
    p.add_argument("--email", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--people", type=int, default=400)
    p.add_argument("--threads", type=int, default=4)
    args = p.parse_args()

    token = call(args, "POST", "/api/v1/auth/login", {"email": args.email, "password": args.password})["access_token"]
    rng = random.Random(7)
    pool = concurrent.futures.ThreadPoolExecutor(args.threads)

    people = list(pool.map(
        lambda i: call(args, "POST", "/api/v1/admin/cast-members",
                       {"name": f"Person {i:04d}", "bio": paragraph(random.Random(i), 30)}, token)["id"],
        range(args.people)))

    def make_movie(i):
        r = random.Random(1000 + i)
        movie = call(args, "POST", "/api/v1/admin/movies", {
            "title": f"Movie {i:04d}", "release_year": 1950 + i % 75, "runtime_minutes": 90 + i % 60,
            "synopsis": paragraph(r, 40), "genres": ["Drama", "Mystery"],
            "poster_url": f"https://img.example.com/{i}.jpg"}, token)
        cast = r.sample(people, 12)
        credits = [("director", None), ("writer", None)] + [("actor", f"Character {n}") for n in range(10)]
        for person, (role, character) in zip(cast, credits):
            body = {"cast_member_id": person, "role": role}
            if character:
                body["character"] = character
            call(args, "POST", f"/api/v1/admin/movies/{movie['id']}/credits", body, token)
        return movie["id"]

    movies = list(pool.map(make_movie, range(args.articles)))

    # Articles in order, so each can relate to ones made before it.
    ids, slugs = [], []
    lock = threading.Lock()

    def make_article(i):
        r = random.Random(5000 + i)
        with lock:
            related = ids[-3:] if ids else []
        article = call(args, "POST", "/api/v1/admin/articles", {
            "title": f"Movie {i:04d} ending explained",
            "subtitle": "What really happened",
            "excerpt": paragraph(r, 25),
            "kind": "explainer",
            "movie_id": movies[i],
            "tags": [f"Tag {i % 50}", "Endings"],
            "cover_image_url": f"https://img.example.com/cover/{i}.jpg",
            "related_article_ids": related,
            "sections": [{"heading": f"Part {n + 1}", "subheading": "Why does it matter?",
                          "body": "\n\n".join(paragraph(r) for _ in range(3))} for n in range(8)],
        }, token)
        call(args, "POST", f"/api/v1/admin/articles/{article['id']}/publish", None, token)
        with lock:
            ids.append(article["id"])
            slugs.append(article["slug"])

    for batch in range(0, args.articles, args.threads * 8):
        list(pool.map(make_article, range(batch, min(batch + args.threads * 8, args.articles))))

    json.dump({"article_slug": slugs[len(slugs) // 2], "articles": len(slugs)}, sys.stdout)


if __name__ == "__main__":
    main()
