"""Archive-wide name resolution over small entity tables (no model, no index)."""

from __future__ import annotations

import time

from index.entities.resolve import EntityRow, Resolver, apply_aliases, resolve, variant_key


def rows(article: str, *entities: tuple[str, str]) -> list[EntityRow]:
    return [EntityRow(article, name, label, 1) for name, label in entities]


POLITICS = [
    *rows("p1", ("Tony Blair", "PERSON"), ("Labour", "ORG"), ("Downing Street", "PLACE")),
    *rows("p2", ("Tony Blair", "PERSON"), ("Labour", "ORG"), ("Iraq", "PLACE")),
    *rows("p3", ("Cherie Blair", "PERSON"), ("Downing Street", "PLACE")),
    *rows("p4", ("Blair", "PERSON"), ("Labour", "ORG"), ("Iraq", "PLACE")),
]


def test_a_surname_takes_the_full_name_that_related_articles_name() -> None:
    assert resolve(POLITICS) == {("p4", "Blair", "PERSON"): "Tony Blair"}


def test_a_surname_stays_as_written_when_nothing_relates_it() -> None:
    table = [*POLITICS, *rows("s1", ("Blair", "PERSON"), ("Wimbledon", "PLACE"))]
    assert ("s1", "Blair", "PERSON") not in resolve(table)


def test_a_surname_stays_as_written_when_two_full_names_are_as_related() -> None:
    table = [
        *rows("a", ("Gordon Brown", "PERSON"), ("Treasury", "ORG")),
        *rows("b", ("Wes Brown", "PERSON"), ("Treasury", "ORG")),
        *rows("c", ("Brown", "PERSON"), ("Treasury", "ORG")),
    ]
    assert resolve(table) == {}


def test_related_articles_pick_the_right_one_of_two_full_names() -> None:
    table = [
        *rows("a", ("Gordon Brown", "PERSON"), ("Treasury", "ORG"), ("Labour", "ORG")),
        *rows("b", ("Gordon Brown", "PERSON"), ("Treasury", "ORG")),
        *rows("c", ("Wes Brown", "PERSON"), ("Manchester United", "ORG")),
        *rows("d", ("Wes Brown", "PERSON"), ("Manchester United", "ORG")),
        *rows("e", ("Brown", "PERSON"), ("Manchester United", "ORG")),
        *rows("f", ("Brown", "PERSON"), ("Treasury", "ORG")),
    ]
    assert resolve(table) == {("e", "Brown", "PERSON"): "Wes Brown", ("f", "Brown", "PERSON"): "Gordon Brown"}


def test_an_acronym_takes_the_long_name_it_abbreviates() -> None:
    table = [
        *rows("a", ("European Community", "ORG"), ("Brussels", "PLACE")),
        *rows("b", ("European Community", "ORG"), ("Brussels", "PLACE")),
        *rows("c", ("EC", "ORG"), ("Brussels", "PLACE")),
        *rows("d", ("IMF", "ORG"), ("Brussels", "PLACE")),
    ]
    assert resolve(table) == {("c", "EC", "ORG"): "European Community"}


def test_party_and_plural_variants_of_an_organisation_are_one() -> None:
    assert variant_key("Green Party") == variant_key("Greens") == "green"
    assert variant_key("Lib Dems") == variant_key("Lib Dem")
    assert variant_key("Swiss") == "swiss"  # not a plural
    table = [
        *rows("a", ("Greens", "ORG")),
        *rows("b", ("Greens", "ORG")),
        *rows("c", ("Green Party", "ORG")),
    ]
    assert resolve(table) == {("c", "Green Party", "ORG"): "Greens"}


def test_people_are_not_merged_by_plural() -> None:
    table = [*rows("a", ("Williams", "PERSON")), *rows("b", ("William", "PERSON"))]
    assert resolve(table) == {}


def test_the_resolver_follows_added_and_removed_articles() -> None:
    resolver = Resolver(POLITICS)
    assert resolver.aliases(["p4"]) == {("p4", "Blair", "PERSON"): "Tony Blair"}
    resolver.remove(["p1", "p2"])
    assert resolver.aliases(["p4"]) == {}
    resolver.add(rows("p1", ("Tony Blair", "PERSON"), ("Iraq", "PLACE")))
    assert resolver.aliases(["p4"]) == {("p4", "Blair", "PERSON"): "Tony Blair"}
    resolver.add(rows("p1", ("Gordon Brown", "PERSON")))  # the article changed: its rows are replaced
    assert resolver.docs("Tony Blair", "PERSON") == 0


RATINGS = [
    *rows("r1", ("Moodlo's Investors Service", "ORG"), ("Standard and Poor's", "ORG"), ("Fluor", "ORG")),
    *rows("r2", ("Moodlo's Investors Service", "ORG"), ("Standard and Poor's", "ORG")),
    *rows("r3", ("Moodlo", "ORG"), ("Standard and Poor's", "ORG"), ("Fluor", "ORG")),
]


def test_a_firm_left_without_its_possessive_takes_the_firm_named_with_it() -> None:
    assert resolve(RATINGS) == {("r3", "Moodlo", "ORG"): "Moodlo's Investors Service"}
    product = [
        *rows("g1", ("Gooble's Desktop", "ORG"), ("Fluor", "ORG")),
        *rows("g2", ("Gooble", "ORG"), ("Fluor", "ORG")),
    ]
    assert resolve(product) == {}  # a possessive before a product names no firm


def test_a_possessive_firm_named_later_changes_the_short_forms_it_may_stand_for() -> None:
    alone = Resolver(rows("x", ("Moodlo", "ORG"), ("Zeta", "ORG")))
    assert alone.affected({("Moodlo's Investors Service", "ORG")}) == {"x"}  # it names no other
    resolver = Resolver([r for r in RATINGS if r.article == "r3"])
    assert resolver.aliases(["r3"]) == {}
    resolver.add([r for r in RATINGS if r.article != "r3"])
    assert resolver.aliases(["r3"]) == {("r3", "Moodlo", "ORG"): "Moodlo's Investors Service"}


def test_applying_the_aliases_sums_the_merged_rows() -> None:
    table = [EntityRow("a", "Blair", "PERSON", 2), EntityRow("a", "Tony Blair", "PERSON", 3)]
    merged = apply_aliases(table, {("a", "Blair", "PERSON"): "Tony Blair"})
    assert merged == [EntityRow("a", "Tony Blair", "PERSON", 5)]


def test_resolving_a_large_table_takes_seconds_not_minutes() -> None:
    table = []
    for i in range(20_000):
        table += rows(
            f"a{i}",
            (f"Person {i % 500} Surname{i % 300}", "PERSON"),
            (f"Surname{(i + 7) % 300}", "PERSON"),
            (f"Org {i % 50}", "ORG"),
            (f"Place {i % 80}", "PLACE"),
            ("US", "PLACE"),
        )
    start = time.perf_counter()
    resolve(table)
    assert time.perf_counter() - start < 10  # ~1 s here


def test_an_acronym_far_more_used_than_a_long_name_it_could_stand_for_stays_as_written() -> None:
    table = [*rows("eu0", ("EU", "ORG"), ("Brussels", "PLACE"))]
    table += [row for i in range(1, 12) for row in rows(f"eu{i}", ("EU", "ORG"), ("Paris", "PLACE"))]
    table += [
        *rows("ed1", ("Edinburgh University", "ORG"), ("Brussels", "PLACE")),
        *rows("ed2", ("Edinburgh University", "ORG"), ("Brussels", "PLACE")),
    ]
    # "Brussels" relates eu0 to the university alone, but "EU" is in 12 articles, the university in 2
    assert resolve(table) == {}


def test_an_acronym_takes_a_rarer_long_name_that_the_archive_writes_beside_it() -> None:
    people = (("Digby Jones", "PERSON"), ("Adair Turner", "PERSON"))
    table = [row for i in range(10) for row in rows(f"c{i}", ("CBI", "ORG"), *people)]
    long_name = ("Confederation of British Industry", "ORG")
    table += [*rows("d", long_name, ("CBI", "ORG"), *people), *rows("e", long_name, ("CBI", "ORG"), *people)]
    aliases = resolve(table)  # 12 articles say "CBI", 2 the long name, both of them beside it
    assert aliases[("c0", "CBI", "ORG")] == "Confederation of British Industry"
    assert aliases[("d", "CBI", "ORG")] == "Confederation of British Industry"


def test_words_cut_short_join_the_long_name_only_where_the_archive_writes_both() -> None:
    table = [
        *rows("a", ("Liberal Democrats", "ORG"), ("Lib Dems", "ORG")),
        *rows("b", ("Lib Dems", "ORG")),
        *rows("c", ("BBC News", "ORG")),
        *rows("d", ("BBC Newcastle", "ORG")),
    ]
    assert resolve(table) == {
        ("a", "Lib Dems", "ORG"): "Liberal Democrats",
        ("b", "Lib Dems", "ORG"): "Liberal Democrats",
    }


def test_an_acronym_is_not_a_plural_or_a_case_variant_of_a_word() -> None:
    table = [
        *rows("a", ("HBOS", "ORG")),
        *rows("b", ("HBO", "ORG")),
        *rows("c", ("SIM", "ORG")),
        *rows("d", ("Sims", "ORG")),
    ]
    assert resolve(table) == {}
    assert "usn" not in resolve_initials("UN")


def resolve_initials(acronym: str) -> set[str]:
    """The long names of a one-article table that `acronym` would take ("U.S. Navy" is no "UN")."""
    table = [*rows("a", ("U.S. Navy", "ORG")), *rows("b", (acronym, "ORG"))]
    return set(resolve(table).values())
