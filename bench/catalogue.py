#!/usr/bin/env python3
"""Writes the benchmark catalogue: a `marquee import json` file for a busy film site.

At the default size (--articles 50000) it holds 50 000 published articles ("<Movie> ending
explained" and kin) of 8 sections each, 2 000 movies, 20 000 cast members, ~24 000
credits (a director, sometimes a writer, 8 to 12 actors in billing order per movie), 200
tags, related articles on most articles, and 500 000 reader comments (95 % approved, 5 %
pending, one in ten a reply). Movies, cast, tags and comments scale with --articles.

Popularity: every article has a rank (1 = most read), a seeded shuffle of the ids so that
popularity has nothing to do with age. Comments are spread over the ranks with a
Zipf-Mandelbrot skew, weight 1 / (rank + 20)^1.1: the top article has ~4 400 comments, the
median one ~3, as on a real site where a few pages draw the discussion. --slugs gets the
slugs in rank order, one a line, rank 1 first: the wrk scripts draw ranks from it.

The moderation rules in the file approve every comment at once (hold "none", no minimum
interval), so the benchmark's comments change their article's page. The one admin,
bench@marquee.test, has no password after the import (`marquee users password` gives one).

Deterministic (seeded random: the same arguments give the same bytes) and streamed: records
are written as they are made, and memory holds a few numbers per article, not the file.
Standard library only.

    python3 bench/catalogue.py --articles 2000 --out /tmp/c.json --slugs /tmp/slugs.txt
"""

import argparse
import datetime as dt
import json
import random
import re
import sys

# --- vocabulary -----------------------------------------------------------------------

ADJECTIVES = """silent last hollow crimson distant burning frozen quiet broken golden endless
hidden lonely northern pale restless secret shallow sleeping strange sunken wild bitter
bright cold dark empty final gentle glass iron little lost midnight narrow open paper
scarlet shining starless stolen summer violet wandering winter yellow""".split()
NOUNS = """harbor lighthouse orchard garden river mirror island winter letter ferry circus
station kingdom archive valley forest signal tide compass lantern theatre frontier hotel
shore chapel canal comet desert echo engine fever harvest horizon labyrinth machine
meadow monsoon passage pilgrim quarry reef satellite shadow spiral storm tower tunnel
voyage witness wolf""".split()
FIRST = """Ada Ines Tomas Lena Jonas Amara Piet Odile Mara Felix Nora Hugo Clara Emil Rosa
Anton Vera Milo Iris Oskar Greta Leon Alma Ivo Selma Bruno Edith Karl Lotte Paulo Yara Sami
Hana Ravi Mei Kofi Aiko Nils Esme Dario Maya Theo Ines Luca Zora Arjun Lina Omar Sofia Teo
Elif Jasper Noor Rafael Ilse Mateo Freya Idris Ottilie""".split()
LAST = """Varga Moor Reyes Brand Heller Quist Olsen Lindqvist Marsh Okafor Tanaka Duarte
Novak Fischer Haddad Kowalski Laurent Brennan Castell Adeyemi Sato Kaur Moreau Berg Rossi
Keller Nakamura Mendes Petrov Dahl Ferreira Halloran Ibsen Janssen Khoury Lund Mbeki Ortega
Pike Quinlan Rahman Sandoval Thorne Ueda Vance Wilder Young Zeller Abbott Crane""".split()
GENRES = ["Drama", "Mystery", "Thriller", "Science fiction", "Horror", "Romance", "Comedy",
          "Western", "Fantasy", "War", "Crime", "Animation", "Documentary", "Musical"]
THEMES = """Time travel|Twist ending|Unreliable narrator|Grief|Memory|Dreams|Open ending|
Final scene|Post-credits scene|Sequel setup|Book vs film|Director's cut|Symbolism|Parallel
worlds|Identity|Revenge|Loneliness|Family secrets|Small towns|The sea|Ghosts|Artificial
intelligence|Heists|Road movies|Coming of age|Class|Cults|Islands|Lighthouses|Letters|
Festival favourites|Slow cinema|Cult classics|Remakes|Trilogies|Noir|Folk horror|Space|
Climate|Music|Chess|Trains|Weddings|Funerals|Doubles|Masks|Mirrors|Prophecy""".replace("\n", " ").split("|")

QUESTIONS = ["What happens in the final scene?", "Was any of it real?", "Who was behind it all along?",
             "Why does she go back?", "What does the last shot mean?", "Did he survive?",
             "Is there a post-credits scene?", "What was in the letter?", "Why does the music stop?",
             "Was the ending changed from the book?", "Who is the stranger at the door?",
             "Will there be a sequel?", "What does the title mean?", "Why did they never leave?",
             "What did the director say about it?", "Does the dog survive?"]
HEADINGS = ["The short answer", "The final scene", "What the ending means", "The twist, explained",
            "The clues you missed", "What the director says", "The book and the film",
            "The last shot", "Where the story goes next", "The title, explained",
            "A second viewing", "What stays open", "The score", "Who knew what, and when",
            "The timeline", "What the ending asks of us"]
SENTENCES = [
    "The last scene returns to the {noun}, but the film has changed what we see in it.",
    "{name} never says it outright, yet every shot of {movie} points the same way.",
    "Watch the opening again: the answer is in the first minute.",
    "The *silence* before the cut is the film's real ending.",
    "It is a choice, not a twist, and the film has prepared us for it all along.",
    "The {adj} light in the final frame is the same light as in the prologue.",
    "Critics argued about this scene at the premiere, and they still do.",
    "**Spoilers** for the whole of {movie} follow.",
    "The director has said that the ending was rewritten three weeks before the shoot.",
    "{name} plays the scene without a word, and it is the best thing in the film.",
    "The {noun} stands for everything the family refused to talk about.",
    "Read that way, the ending is hopeful rather than bleak.",
    "A second viewing makes the timeline clear: the letters come after the funeral.",
    "What looks like a dream is the one scene shot on location.",
    "The score drops out for the first time, and the {noun} is all we hear.",
    "Nothing in the film contradicts the simplest reading, and that is the point.",
]
COMMENT_LINES = ["Finally an explanation that makes sense.", "I read it the other way round, but this convinced me.",
                 "The {noun} scene still gets me.", "Did nobody else notice the clock in the first scene?",
                 "Great piece. The bit about the score is spot on.", "I think the director is trolling us.",
                 "Watched it twice because of this article.", "The book ends differently, for what it is worth.",
                 "This is the best film of the decade and I will not be taking questions.",
                 "So was {name} dead the whole time or not?", "Thank you, my partner and I argued for an hour.",
                 "The sequel had better answer this.", "I loved the ambiguity, please don't explain it away!"]

BASE = dt.datetime(2019, 1, 1, 8, 0, 0)
END = dt.datetime(2026, 11, 1, 0, 0, 0)  # everything happened before this (and before today)
YOUTUBE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"


def ts(t):
    """A NaiveDateTime as the catalogue spells it (UTC, no zone)."""
    return t.strftime("%Y-%m-%dT%H:%M:%S")


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


class Slugs:
    """Unique slugs per table: the second "the-silent-harbor" becomes "the-silent-harbor-2"."""

    def __init__(self):
        self.taken = set()

    def make(self, text, *fallbacks):
        base = slugify(text)
        for candidate in (base, *(f"{base}-{f}" for f in fallbacks)):
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate
        n = 2
        while f"{base}-{n}" in self.taken:
            n += 1
        self.taken.add(f"{base}-{n}")
        return f"{base}-{n}"


class Writer:
    """Streams one JSON object of lists: open a list, add records, close it."""

    def __init__(self, out):
        self.out = out
        self.first_key = True
        self.first_item = True
        self.counts = {}
        self.key = None

    def field(self, key, value):
        self.out.write(("{" if self.first_key else ",\n") + json.dumps(key) + ":" + json.dumps(value))
        self.first_key = False

    def begin(self, key):
        self.out.write(("{" if self.first_key else ",\n") + json.dumps(key) + ":[")
        self.first_key, self.first_item, self.key = False, True, key
        self.counts[key] = 0

    def add(self, record):
        self.out.write(("\n" if self.first_item else ",\n") + json.dumps(record, separators=(",", ":")))
        self.first_item = False
        self.counts[self.key] += 1

    def end(self):
        self.out.write("]")

    def close(self):
        self.out.write("}\n")


def fill(rng, template, **names):
    return template.format(adj=rng.choice(ADJECTIVES), noun=rng.choice(NOUNS), **names)


def paragraph(rng, n, **names):
    return " ".join(fill(rng, rng.choice(SENTENCES), **names) for _ in range(n))


def youtube(rng):
    return "https://www.youtube.com/watch?v=" + "".join(rng.choice(YOUTUBE) for _ in range(11))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--articles", type=int, default=50_000)
    p.add_argument("--out", required=True, help="the catalogue file to write")
    p.add_argument("--slugs", required=True, help="where to write the article slugs, most popular first")
    p.add_argument("--seed", type=int, default=14)
    p.add_argument("--admin-email", default="bench@marquee.test")
    args = p.parse_args()

    n_articles = max(args.articles, 10)
    n_movies = max(n_articles // 25, 4)          # 2 000 at 50 000 articles
    n_people = max(n_articles * 2 // 5, 60)      # 20 000
    n_comments = n_articles * 10                 # 500 000
    n_tags = max(n_articles // 250, 20)          # 200
    n_authors = 12
    rng = random.Random(args.seed)

    with open(args.out, "w", encoding="utf-8", buffering=1 << 20) as out:
        w = Writer(out)
        w.field("format", "marquee-catalogue")
        w.field("version", 1)
        w.field("exported_at", ts(END))

        # Users: the bench admin (id 1) and the site's authors.
        w.begin("users")
        w.add({"id": 1, "email": args.admin_email, "display_name": "Bench Admin", "role": "admin",
               "disabled": False, "version": 1, "created_at": ts(BASE), "updated_at": ts(BASE),
               "slug": "bench-admin", "bio": None, "avatar_url": None})
        for uid in range(2, n_authors + 2):
            name = f"{FIRST[uid % len(FIRST)]} {LAST[(uid * 7) % len(LAST)]}"
            w.add({"id": uid, "email": f"author{uid}@marquee.test", "display_name": name, "role": "author",
                   "disabled": False, "version": 1, "created_at": ts(BASE), "updated_at": ts(BASE),
                   "slug": slugify(name) + f"-{uid}", "bio": f"{name} writes about endings.",
                   "avatar_url": f"https://img.example.com/authors/{uid}.jpg"})
        w.end()

        # Movies: titles from the word lists, a year, genres, a trailer on half of them.
        movie_slugs, movies = Slugs(), []  # movies[i] = (title, trailer url or None)
        w.begin("movies")
        for mid in range(1, n_movies + 1):
            shape = rng.random()
            adj, noun = rng.choice(ADJECTIVES).capitalize(), rng.choice(NOUNS)
            if shape < 0.4:
                title = f"The {adj} {noun.capitalize()}"
            elif shape < 0.7:
                title = f"{adj} {noun.capitalize()}"
            elif shape < 0.9:
                title = f"The {noun.capitalize()} of {rng.choice(FIRST)}"
            else:
                title = f"{noun.capitalize()} {rng.randint(2, 4)}"
            year = rng.randint(1955, 2026)
            trailer = youtube(rng) if rng.random() < 0.5 else None
            stamp = BASE + dt.timedelta(hours=mid)
            w.add({"id": mid, "slug": movie_slugs.make(title, year), "title": title,
                   "original_title": None if rng.random() < 0.85 else title.upper(),
                   "release_year": year,
                   "release_date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.6 else None,
                   "runtime_minutes": rng.randint(80, 185),
                   "synopsis": paragraph(rng, 3, name=rng.choice(FIRST), movie=title),
                   "genres": json.dumps(rng.sample(GENRES, rng.randint(1, 3))),
                   "poster_url": f"https://img.example.com/posters/{mid}.jpg", "trailer_url": trailer,
                   "version": 1, "created_at": ts(stamp), "updated_at": ts(stamp)})
            movies.append((title, trailer))
        w.end()

        # Cast members: names repeat as in life, slugs do not.
        people_slugs = Slugs()
        w.begin("cast_members")
        for cid in range(1, n_people + 1):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            stamp = BASE + dt.timedelta(minutes=cid)
            w.add({"id": cid, "slug": people_slugs.make(name), "name": name,
                   "bio": f"{name} has appeared in films about the {rng.choice(NOUNS)} and the {rng.choice(NOUNS)}."
                   if rng.random() < 0.7 else None,
                   "birth_date": f"{rng.randint(1930, 2010)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                   if rng.random() < 0.5 else None,
                   "photo_url": f"https://img.example.com/people/{cid}.jpg" if rng.random() < 0.6 else None,
                   "version": 1, "created_at": ts(stamp), "updated_at": ts(stamp)})
        w.end()

        # Credits: a director (billing 0), a writer on a third, 8-12 actors billed 1..n. A
        # tenth of the people are stars drawn three times as often, so filmographies vary.
        stars = max(n_people // 10, 1)
        leads = {}  # movie id -> its lead actor's character name, for the prose
        w.begin("credits")
        credit_id = 0
        for mid in range(1, n_movies + 1):
            stamp = ts(BASE + dt.timedelta(hours=mid, minutes=5))
            crew = set()

            def person():
                while True:
                    pid = rng.randint(1, stars) if rng.random() < 0.25 else rng.randint(1, n_people)
                    if pid not in crew:
                        crew.add(pid)
                        return pid

            billed = [("director", None, 0)]
            if rng.random() < 0.33:
                billed.append(("writer", None, 0))
            for order in range(1, rng.randint(8, 12) + 1):
                billed.append(("actor", rng.choice(FIRST), order))
            leads[mid] = next(character for role, character, _ in billed if role == "actor")
            for role, character, order in billed:
                credit_id += 1
                w.add({"id": credit_id, "movie_id": mid, "cast_member_id": person(), "role": role,
                       "character": character, "billing_order": order, "version": 1,
                       "created_at": stamp, "updated_at": stamp})
        w.end()

        # Tags: themes and genres, then numbered ones at large sizes.
        names = (THEMES + GENRES + [f"{g} {t}" for g in GENRES for t in THEMES])[:n_tags]
        w.begin("tags")
        for tid, name in enumerate(names, 1):
            w.add({"id": tid, "slug": slugify(name), "name": name})
        w.end()
        n_tags = len(names)

        # Articles: published one every ~70 minutes from 2019 on, by id; each on a random
        # movie, so every movie has ~25 articles. Kept per article: movie and publish time.
        templates = ["{m} ending explained", "{m} ending explained: what the last shot means",
                     "{m}: the twist, explained", "Who is the stranger in {m}?", "{m} review",
                     "{m}: the book and the film", "{m} timeline explained", "{m} recap",
                     "Is there a post-credits scene in {m}?", "{m}: every clue you missed",
                     "{m} ending explained: did they survive?", "What the title of {m} means"]
        span = (END - BASE - dt.timedelta(days=30)).total_seconds()
        article_slugs, slugs_by_id = Slugs(), [None]
        art_movie, art_time = [0], [None]
        by_movie = {}
        w.begin("articles")
        for aid in range(1, n_articles + 1):
            mid = rng.randint(1, n_movies)
            template = rng.choice(templates)
            kind = "review" if "review" in template else "recap" if "recap" in template else "explainer"
            title = template.format(m=movies[mid - 1][0])
            published = BASE + dt.timedelta(seconds=int(span * aid / n_articles), minutes=rng.randint(0, 50))
            slug = article_slugs.make(title, movies[mid - 1][0].split()[-1].lower(), mid)
            edited = rng.random() < 0.2
            updated = published + dt.timedelta(days=rng.randint(1, 25)) if edited else published
            excerpt = paragraph(rng, 2, name=leads[mid], movie=movies[mid - 1][0])
            w.add({"id": aid, "slug": slug, "title": title,
                   "subtitle": rng.choice(["What really happened", "The last scene, and what it leaves open",
                                           "Spoilers ahead", None]),
                   "excerpt": excerpt, "kind": kind, "movie_id": mid,
                   "author_id": rng.randint(2, n_authors + 1), "status": "published", "publish_at": None,
                   "published_at": ts(published),
                   "cover_image_url": f"https://img.example.com/covers/{aid}.jpg",
                   "reading_time_minutes": rng.randint(4, 9), "version": 3 if edited else 2,
                   "created_at": ts(published - dt.timedelta(hours=rng.randint(2, 72))), "updated_at": ts(updated),
                   "meta_title": None if rng.random() < 0.7 else f"{title} | Marquee",
                   "meta_description": None if rng.random() < 0.5 else excerpt[:150],
                   "og_image_url": None, "cover_image_alt": f"A still from {movies[mid - 1][0]}",
                   "cover_image_caption": None if rng.random() < 0.6 else "Photograph: the distributor"})
            slugs_by_id.append(slug)
            art_movie.append(mid)
            art_time.append(published)
            by_movie.setdefault(mid, []).append(aid)
        w.end()

        # Tags on articles: 2 to 4 each, the first few themes far more common.
        w.begin("article_tags")
        for aid in range(1, n_articles + 1):
            chosen = []
            while len(chosen) < rng.randint(2, 4):
                tid = min(int(rng.paretovariate(0.8)), n_tags) if rng.random() < 0.6 else rng.randint(1, n_tags)
                if tid not in chosen:
                    chosen.append(tid)
            for position, tid in enumerate(chosen):
                w.add({"article_id": aid, "tag_id": tid, "position": position})
        w.end()

        # Related articles: on 70 %, 1 to 3 others about the same movie (or any, if none).
        w.begin("related_articles")
        for aid in range(1, n_articles + 1):
            if rng.random() >= 0.7:
                continue
            siblings = [a for a in by_movie[art_movie[aid]] if a != aid]
            picks = []
            for _ in range(rng.randint(1, 3)):
                other = rng.choice(siblings) if siblings and rng.random() < 0.8 else rng.randint(1, n_articles)
                if other != aid and other not in picks:
                    picks.append(other)
            for position, other in enumerate(picks):
                w.add({"article_id": aid, "related_id": other, "position": position})
        w.end()

        # Sections: 8 per article, positions 1..8. The first is the short answer; most have a
        # reader's question as subheading; a third of the articles embed the trailer.
        w.begin("sections")
        section_id = 0
        for aid in range(1, n_articles + 1):
            mid = art_movie[aid]
            title, trailer = movies[mid - 1]
            stamp = ts(art_time[aid])
            headings = ["The short answer"] + rng.sample(HEADINGS[1:], 7)
            trailer_at = rng.randint(2, 4) if rng.random() < 0.33 else 0
            for position, heading in enumerate(headings, 1):
                section_id += 1
                name = leads[mid]
                body = paragraph(rng, rng.randint(3, 4), name=name, movie=title)
                if rng.random() < 0.6:
                    body += "\n\n" + paragraph(rng, rng.randint(2, 3), name=name, movie=title)
                if rng.random() < 0.15:
                    body += "\n\n- " + "\n- ".join(rng.sample(QUESTIONS, 3))
                media = (trailer or youtube(rng)) if position == trailer_at else None
                w.add({"id": section_id, "article_id": aid, "position": position, "heading": heading,
                       "subheading": rng.choice(QUESTIONS) if position > 1 and rng.random() < 0.8 else None,
                       "body": body, "media_url": media,
                       "media_caption": f"The official trailer for {title}" if media else None,
                       "version": 1, "created_at": stamp, "updated_at": stamp})
        w.end()

        w.begin("revisions")
        w.end()

        # Comments, grouped by article in rank order: how many from the skewed weight, when
        # at random after the article went up, one in ten replying to an earlier approved one.
        ranking = list(range(1, n_articles + 1))
        rng.shuffle(ranking)  # ranking[r - 1] = the id of the article of rank r
        weights = [1.0 / (rank + 20) ** 1.1 for rank in range(1, n_articles + 1)]
        scale = n_comments / sum(weights)
        comment_id = 0
        w.begin("comments")
        for rank, aid in enumerate(ranking, 1):
            count = int(weights[rank - 1] * scale + rng.random())
            start = art_time[aid]
            window = max((END - start).total_seconds(), 3600)
            times = sorted(start + dt.timedelta(seconds=rng.random() * window) for _ in range(count))
            approved = []
            for when in times:
                comment_id += 1
                first, last = rng.choice(FIRST), rng.choice(LAST)
                status = "pending" if rng.random() < 0.05 else "approved"
                parent = rng.choice(approved) if approved and rng.random() < 0.1 else None
                stamp = ts(when)
                w.add({"id": comment_id, "article_id": aid, "parent_id": parent,
                       "author_name": f"{first} {last[0]}.",
                       "author_email": f"{first.lower()}.{last.lower()}{comment_id % 997}@readers.example",
                       "body": " ".join(fill(rng, rng.choice(COMMENT_LINES), name=rng.choice(FIRST))
                                        for _ in range(rng.randint(1, 3))),
                       "status": status, "moderation_reason": "auto_approved" if status == "approved" else "hold_all",
                       "moderation_note": None, "user_agent": None, "moderated_by": None, "moderated_at": None,
                       "version": 1, "created_at": stamp, "updated_at": stamp})
                if status == "approved":
                    approved.append(comment_id)
        w.end()

        w.field("moderation", {"hold": "none", "max_links": 2, "hold_words": [], "block_words": [],
                               "min_interval_seconds": 0})
        w.close()

    with open(args.slugs, "w", encoding="utf-8") as f:
        f.writelines(slugs_by_id[aid] + "\n" for aid in ranking)
    print(", ".join(f"{n} {k.replace('_', ' ')}" for k, n in w.counts.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
