"""Occupation normaliser: mechanism on a tiny reference folder, then behaviour on the bundled one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.normalise.occupation import OccupationNormaliser
from matching.normalise.occupation_reference import load_context_rules


@pytest.fixture(scope="module")
def tiny_ref(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ref = tmp_path_factory.mktemp("ref")
    pd.DataFrame(
        {
            "code": [
                "9",
                "91",
                "911",
                "9111",
                "7",
                "72",
                "721",
                "7212",
                "5",
                "53",
                "532",
                "5322",
                "5321",
                "8",
                "81",
                "815",
                "8153",
            ],
            "level": [
                "1",
                "2",
                "3",
                "4",
                "1",
                "2",
                "3",
                "4",
                "1",
                "2",
                "3",
                "4",
                "4",
                "1",
                "2",
                "3",
                "4",
            ],
            "title_en": [
                "Elementary",
                "Cleaners",
                "Domestic cleaners",
                "Domestic cleaners and helpers",
                "Craft",
                "Metal",
                "Sheet metal",
                "Welders and flamecutters",
                "Service",
                "Personal care",
                "Personal care",
                "Home-based personal care workers",
                "Health care assistants",
                "Plant",
                "Stationary",
                "Textile",
                "Sewing machine operators",
            ],
        }
    ).to_csv(ref / "isco08_structure.csv", index=False)
    pd.DataFrame(
        {
            "title": [
                "domestic cleaner",
                "pipe welder",
                "welder",
                "home care aide",
                "sewing machine operator",
                "care assistant",
                "care assistant",
            ],
            "isco08": ["9111", "7212", "7212", "5322", "8153", "5322", "5321"],
            "source_label_type": [
                "preferred",
                "alt",
                "preferred",
                "preferred",
                "preferred",
                "alt",
                "alt",
            ],
        }
    ).to_csv(ref / "esco_occupation_titles.csv", index=False)
    pd.DataFrame(columns=["title", "isco08", "source_label_type"]).to_csv(
        ref / "esco_occupation_hidden_labels.csv", index=False
    )
    pd.DataFrame(
        {
            "alias": ["plrt", "penata laksana rumah tangga", "perawat lansia"],
            "isco08": ["9111", "9111", "5322"],
            "sector": ["domestic", "domestic", "care"],
            "lang": ["abbr", "id", "id"],
            "note": ["", "", ""],
        }
    ).to_csv(ref / "pmi_occupations.csv", index=False)
    pd.DataFrame({"id": ["tukang", "las", "juru"], "en": ["worker", "welder", ""]}).to_csv(
        ref / "id_en_words.csv", index=False
    )
    pd.DataFrame(
        {
            "isco_prefix": ["9", "911", "7", "532", "8"],
            "sector": ["other", "domestic", "manufacturing", "care", "manufacturing"],
            "note": ["", "", "", "", ""],
        }
    ).to_csv(ref / "isco_sector.csv", index=False)
    return ref


@pytest.fixture(scope="module")
def tiny(tiny_ref: Path) -> OccupationNormaliser:
    return OccupationNormaliser(reference=tiny_ref).fit()


def test_exact_alias_curated_and_esco(tiny: OccupationNormaliser) -> None:
    out = tiny.transform(pd.Series(["PLRT", "Pipe Welder", "perawat  lansia!"]))
    assert out["isco08"].tolist() == ["9111", "7212", "5322"]
    assert out["method"].tolist() == ["alias", "alias", "alias"]
    assert out["status"].tolist() == ["ok", "ok", "ok"]
    assert out["confidence"].tolist() == [1.0, 1.0, 1.0]
    # Curated sector wins; otherwise the longest ISCO prefix decides.
    assert out["sector"].tolist() == ["domestic", "manufacturing", "care"]
    assert out["occupation_label"].tolist()[1] == "Welders and flamecutters"


def test_typo_of_curated_alias_is_fuzzy(tiny: OccupationNormaliser) -> None:
    out = tiny.transform(pd.Series(["penata laksana rumah tanga"]))
    assert out.loc[0, "isco08"] == "9111"
    assert out.loc[0, "method"] == "fuzzy"
    assert 0.8 <= out.loc[0, "confidence"] < 1.0


def test_ilo_inversion_and_glossary(tiny: OccupationNormaliser) -> None:
    out = tiny.transform(pd.Series(["Welder, pipe", "Operator, machine: sewing", "juru las"]))
    assert out["isco08"].tolist() == ["7212", "8153", "7212"]


def test_noise_words_and_alternatives(tiny: OccupationNormaliser) -> None:
    out = tiny.transform(pd.Series(["dibutuhkan 20 org PLRT hongkong", "xqzv / welder"]))
    assert out["isco08"].tolist() == ["9111", "7212"]


def test_garbage_gets_no_code(tiny: OccupationNormaliser) -> None:
    out = tiny.transform(pd.Series(["qwrtzp", "", None, np.nan]))
    assert out["isco08"].isna().all()
    assert (out["status"] == "unknown").all()
    assert out["sector"].isna().all()


def test_ambiguous_label_needs_review(tiny: OccupationNormaliser) -> None:
    out = tiny.transform(pd.Series(["care assistant"]))
    assert out.loc[0, "status"] == "needs_review"
    assert out.loc[0, "isco08"] in {"5321", "5322"}


def test_index_is_preserved(tiny: OccupationNormaliser) -> None:
    values = pd.Series(["welder", "plrt", "welder"], index=[10, 3, 7])
    out = tiny.transform(values)
    assert out.index.tolist() == [10, 3, 7]
    assert out.loc[7, "isco08"] == out.loc[10, "isco08"] == "7212"


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.sampled_from(["welder", "PLRT", "tukang las", "zzz", "", "home care aide"]),
        min_size=1,
        max_size=30,
    )
)
def test_column_equals_unique_values_mapped_back(titles: list[str]) -> None:
    norm = _SHARED["norm"]
    column = norm.transform(pd.Series(titles))
    single = pd.concat([norm.transform(pd.Series([t])) for t in titles], ignore_index=True)
    pd.testing.assert_frame_equal(column.reset_index(drop=True), single, check_dtype=False)


_SHARED: dict[str, OccupationNormaliser] = {}


@pytest.fixture(autouse=True)
def _share(tiny: OccupationNormaliser) -> None:
    _SHARED["norm"] = tiny


# ---------------------------------------------------------------- bundled reference data


@pytest.fixture(scope="module")
def real() -> OccupationNormaliser:
    return OccupationNormaliser().fit()


@pytest.mark.parametrize(
    ("title", "prefix"),
    [
        ("PLRT", "911"),
        ("Penata Laksana Rumah Tangga", "911"),
        ("tukang las", "7212"),
        ("Welder 6G", "7212"),
        ("perawat lansia", "532"),
        ("kaigo", "532"),
        ("operator mesin jahit", "8153"),
        ("sewing machine operator", "8153"),
        ("nanny", "5311"),
        ("Heavy truck driver", "8332"),
    ],
)
def test_core_pmi_titles(real: OccupationNormaliser, title: str, prefix: str) -> None:
    out = real.transform(pd.Series([title]))
    assert str(out.loc[0, "isco08"]).startswith(prefix), out.to_dict("records")
    assert out.loc[0, "status"] == "ok"


def test_real_garbage_unknown(real: OccupationNormaliser) -> None:
    out = real.transform(pd.Series(["asdfgh qwerty", "12345", "-"]))
    assert out["isco08"].isna().all()


# ---------------------------------------------------------------- mechanisms added for PMI titles


def test_head_first_indonesian_read_backwards(real: OccupationNormaliser) -> None:
    # "operator mesin jahit" glossed is "operator machine sewing"; read backwards it is the
    # English head-last label.
    forms = [" ".join(f) for f in real._forms("operator mesin jahit")]
    assert "sewing machine operator" in forms


def test_typo_of_glossary_word_is_read_as_that_word(real: OccupationNormaliser) -> None:
    assert real._spell("asitsen") == "asisten"
    assert real._spell("kosntruksi") == "konstruksi"
    # a correctly spelled English label word is left alone
    assert real._spell("welder") == "welder"
    # short tokens are never touched
    assert real._spell("rmah") == "rmah"


def test_context_words_move_code_to_sibling(real: OccupationNormaliser) -> None:
    out = real.transform(
        pd.Series(["caregiver", "caregiver panti jompo Taiwan", "caregiver Jepang", "perawat D3"])
    )
    assert out["isco08"].tolist() == ["5322", "5321", "5321", "3221"]


def test_bracketed_acronym_of_title_is_dropped(real: OccupationNormaliser) -> None:
    forms = real._forms("Public area attendant (PA)")
    assert ["pa"] not in forms
    assert real._forms("Nanny (PA)") != real._forms("Nanny")  # not an acronym of "Nanny"


def test_bracketed_occupation_clarifies(real: OccupationNormaliser) -> None:
    # both parts are known titles and the bracket holds a worker noun: the bracket names the job;
    # a bracketed setting word ("pabrik") does not override the title
    out = real.transform(pd.Series(["driver (welder)", "Operator mesin jahit (pabrik)"]))
    assert out["isco08"].tolist() == ["7212", "8153"]


def test_industry_word_does_not_outvote_head_noun(real: OccupationNormaliser) -> None:
    out = real.transform(pd.Series(["welder konstruksi baja"]))
    assert out.loc[0, "isco08"] == "7212"


def test_assistant_midwife_and_word_swap_fuzzy(real: OccupationNormaliser) -> None:
    out = real.transform(pd.Series(["Midwife, associate professional", "bidan D3", "bidan"]))
    assert out["isco08"].tolist() == ["3222", "3222", "2222"]
    # correctly spelled words that differ from the nearest alias are not a typo of it
    out = real.transform(pd.Series(["cleaning machine operator"]))
    assert not (out["method"].iloc[0] == "fuzzy" and out["status"].iloc[0] == "ok")


def test_curated_alias_made_of_noise_words_matches_as_written(tiny_ref: Path) -> None:
    ref = tiny_ref.parent / "ref_raw"
    import shutil

    shutil.copytree(tiny_ref, ref)
    aliases = pd.read_csv(ref / "pmi_occupations.csv", dtype=str, keep_default_na=False)
    extra = pd.DataFrame(
        [{"alias": "orang gaji", "isco08": "9111", "sector": "domestic", "lang": "ms", "note": ""}]
    )
    pd.concat([aliases, extra]).to_csv(ref / "pmi_occupations.csv", index=False)
    (ref / "title_noise_words.txt").write_text("orang\ngaji\n")
    norm = OccupationNormaliser(reference=ref).fit()
    out = norm.transform(pd.Series(["Orang  Gaji", "orang", "gaji orang"]))
    assert out["isco08"].tolist()[0] == "9111"
    assert out["method"].tolist()[0] == "alias"
    assert out["isco08"].isna().tolist()[1:] == [True, True]


def test_g_to_g_is_one_word_not_noise(real: OccupationNormaliser) -> None:
    # "to" is a noise word; "G to G" (the EPS government scheme) must not fall apart into "g g"
    assert ["g", "g", "manufacturing"] not in real._forms("Korea G to G manufacturing")
    out = real.transform(pd.Series(["Korea G to G manufacturing", "G2G manufaktur"]))
    assert out["isco08"].tolist() == ["9329", "9329"]


def test_generic_partial_alias_gives_way_to_specific_reading(real: OccupationNormaliser) -> None:
    # "operator mesin" (8189) inside "operator mesin sepatu": the head with the rest names the job
    out = real.transform(
        pd.Series(["Operator mesin sepatu", "operator pabrik sarung tangan karet"])
    )
    assert out["isco08"].tolist() == ["8156", "8141"]
    # with nothing specific left, the generic reading stands
    assert real.transform(pd.Series(["operator mesin pabrik"]))["isco08"].iloc[0] == "8189"


def test_fuzzy_across_word_counts_is_not_confident(real: OccupationNormaliser) -> None:
    # "carpanter" is not a typo of "car painter"; a split word ("house keeper") still is
    out = real.transform(pd.Series(["carpanter"]))
    assert not (out["isco08"].iloc[0] == "7132" and out["status"].iloc[0] == "ok")
    assert real.transform(pd.Series(["housekeeper keluarga"]))["isco08"].iloc[0] == "5152"


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("buruh proyek jalan", "9312"),  # road works: civil-engineering labourer
        ("buruh proyek", "9313"),
        ("farmhand peternakan sapi", "9212"),  # livestock
        ("farmhand", "9211"),
        ("pertanian jepang", "6111"),  # Japan SSW/TITP agriculture: skilled grower
        ("pertanian", "9213"),
        ("nelayan korea", "6222"),  # Korea: coastal
        ("nelayan kapal tuna korea", "6223"),  # ... unless the vessel is distant-water
        ("pengolah ikan di kapal", "6223"),  # fish processing on board
        ("supir SIM B1", "8332"),  # heavy-vehicle licence
        ("operator pabrik elektronik", "8212"),
        ("perakit komponen mobil", "8211"),  # assembler by product
        ("helper pabrik elektronik", "9329"),  # no assembly named: labourer
        ("elderly care (home-based)", "5322"),  # "care home" inside "care (home-based)"
        ("perawat D-III", "3221"),
    ],
)
def test_context_rules(real: OccupationNormaliser, title: str, code: str) -> None:
    assert real.transform(pd.Series([title]))["isco08"].iloc[0] == code


def test_pay_and_employer_words_are_noise(real: OccupationNormaliser) -> None:
    out = real.transform(pd.Series(["ART utk majikan Singapura, gaji 750 SGD"]))
    assert out["isco08"].iloc[0] == "9111"


def _code(norm: OccupationNormaliser, title: str) -> str:
    return str(norm.transform(pd.Series([title]))["isco08"].iloc[0])


def test_reduplication_digit_is_folded(real: OccupationNormaliser) -> None:
    # "bantu2" is "bantu-bantu"; the digit must not hide the word
    assert ["bantu", "rumah"] in real._forms("bantu2 rumah")


def test_negated_duty_is_cut(real: OccupationNormaliser) -> None:
    forms = real._forms("pembantu rumah tangga (tanpa jaga lansia)")
    assert not any("lansia" in f or "elderly" in f for f in forms)
    assert _code(real, "pembantu rumah tangga (tanpa jaga lansia)") == "9111"


def test_first_named_duty_decides(real: OccupationNormaliser) -> None:
    assert _code(real, "PRT + jaga lansia") == "9111"
    # inside brackets the duties are one clarification and stay
    assert any("cooking" in f for f in real._forms("PRT (bersih + masak)"))


def test_german_dutch_compounds_are_split(real: OccupationNormaliser) -> None:
    assert real._decompound("erntemitarbeiter") == ("ernte", "mitarbeiter")
    assert real._decompound("produktionslagerhelfer") == ("produktion", "lagerhelfer")
    assert real._decompound("kwekerijmedewerker") == ("kwekerij", "medewerker")
    assert real._decompound("produktionsmaschine") == ("produktionsmaschine",)
    assert real._decompound("caregiver") == ("caregiver",)


def test_context_rules_added_for_pmi_settings(real: OccupationNormaliser) -> None:
    # "house keeper" in a Taiwan / HK / Gulf demand letter is the domestic helper
    assert _code(real, "house keeper rumah tangga Hong Kong") == "9111"
    assert _code(real, "butler keluarga Dubai") == "5152"
    # Japan SSW agriculture: fruit 6112, crops 6111; oysters are aquaculture
    assert _code(real, "SSW pertanian buah apel") == "6112"
    assert _code(real, "buruh tambak udang") == "9216"
    # a named product or process decides the operator; ocean-going keeps Korea crew distant-water
    assert _code(real, "operator mesin roti") == "8160"
    assert _code(real, "ABK kapal ikan Korea ocean going") == "6223"


def test_context_rules_file_groups_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    assert load_context_rules(path) == ()  # no file: no context rules
    path.write_text(
        'groups:\n  home: [rumahan, "di rumah"]\n'
        'rules:\n  - note: why\n    base: ["5321"]\n    words: ["@home", villa]\n'
        '    target: "5322"\n'
    )
    (rule,) = load_context_rules(path)
    assert rule.words == {"rumahan", "di rumah", "villa"} and rule.base == {"5321"}
    path.write_text('rules:\n  - base: ["5321"]\n    words: ["@nope"]\n    target: "5322"\n')
    with pytest.raises(ValueError, match="unknown group '@nope'"):
        load_context_rules(path)
    path.write_text("rules:\n  - base: [5321]\n    words: [x]\n    target: '5322'\n")
    with pytest.raises(ValueError, match="quote codes"):
        load_context_rules(path)


def test_a_title_that_only_says_worker_gets_no_code(real: OccupationNormaliser) -> None:
    out = real.transform(pd.Series(["pekerja", "Staff", "TKI 2 orang", "pekerja rumah tangga"]))
    assert out["isco08"].isna().tolist() == [True, True, True, False]
    assert out["isco08"].iloc[3] == "9111"


def test_real_indonesian_words_are_not_typos(real: OccupationNormaliser) -> None:
    # "tunda" (tug), "skema" (scheme), "pemda" (local government) are words, not typos of
    # "tuna", "kemas" (packing) or "pemadam" (fire-fighter)
    assert real._spell("tunda") == "tunda"
    assert real._spell("skema") == "skema"
    assert real._spell("pemda") == "pemda"
    assert real._spell("perawt") == "perawat"  # a real typo is still read
    assert _code(real, "PRT ke Saudi skema SPSK - kontrak 24 bln") == "9111"
    assert _code(real, "buruh tani musiman Korea (MoU pemda) petik cabai") == "9211"


def test_less_trusted_one_word_part_does_not_override_title(real: OccupationNormaliser) -> None:
    # "(tanker)" is an ESCO alternative label of a plating operator; the able seaman decides
    assert _code(real, "AB / Able Seaman kapal niaga (tanker)") == "8350"
    # a bracketed clarification that is a trusted label still decides
    assert _code(real, "EPS Manufaktur Korea (operator produksi)") == "8189"


def test_factory_labourer_head_decides_over_product(real: OccupationNormaliser) -> None:
    assert _code(real, "pekerja pabrik roti taiwan") == "9329"
    assert _code(real, "Pekerja pabrik plastik Taiwan") == "9329"
    # an operator with a product still takes the product's code
    assert _code(real, "operator mesin roti") == "8160"


def test_cjk_job_words_are_read(real: OccupationNormaliser) -> None:
    assert _code(real, "Tokutei Ginou 介護 - Osaka") == "5321"
    assert _code(real, "家庭看護工 Taipei") == "5322"
    assert real._read_native_script("介護") == " kaigo "
    assert real._read_native_script(float("nan")) == ""


def test_household_helper_named_first_decides(real: OccupationNormaliser) -> None:
    assert _code(real, "PLRT jaga lansia Hongkong") == "9111"
    assert _code(real, "PRT merangkap jaga kakek stroke") == "9111"
    assert _code(real, "domestic helper, no elderly to care") == "9111"
    # ... but not when the helper is one who only cooks, nor when the care worker comes first
    assert _code(real, "PRT khusus masak (cook) Taiwan") == "5120"
    assert _code(real, "caregiver jaga lansia Taiwan") == "5322"


def test_destination_city_decides_house_keeper(real: OccupationNormaliser) -> None:
    assert _code(real, "house keeper for family in Taipei") == "9111"
    assert _code(real, "caregiver rumah jompo Taiwan") == "5321"


def test_context_rule_first_key(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        'rules:\n  - base: ["5322"]\n    words: [prt]\n    target: "9111"\n    first: true\n'
    )
    (rule,) = load_context_rules(path)
    assert rule.first


def test_household_setting_rules(real: OccupationNormaliser) -> None:
    # cleaning or laundry in a household is the domestic helper; in a hospital it is not
    assert _code(real, "Tukang cuci setrika rumah tangga") == "9111"
    assert _code(real, "cleaner rumah sakit") != "9111"
    # a household gardener is a garden labourer, a greenhouse of vegetables a crop farm labourer
    assert _code(real, "tukang kebon rumah majikan") == "9214"
    assert _code(real, "Greenhouse worker tomaten (kas) Belanda") == "9211"
    # home-visit care is home-based even in Japan
    assert _code(real, "Houmon Kaigo (訪問介護) home-visit helper") == "5322"


def test_fishing_deckhand_and_sector_name_rules(real: OccupationNormaliser) -> None:
    assert _code(real, "Trawler Deckhand – Namibia hake") == "6223"
    assert _code(real, "deckhand kapal kargo") == "8350"
    # a manufacturing sector name in Korea EPS is the general factory worker; an operator stays
    assert _code(real, "ex korea 5thn manufaktur") == "9329"
    assert _code(real, "Oprator Produksi korea E9 pabrik komponen") == "8189"
    assert _code(real, "Steel Fixer – Saudi, qty 40") == "7214"


def test_specific_neighbour_replaces_generic_operator(real: OccupationNormaliser) -> None:
    # a machine or product named in English: the specific label, not 8189 "operator"
    assert _code(real, "Carton box machine operator") == "8143"
    assert _code(real, "Tyre building operator") == "8141"
    # with nothing specific named the generic reading stays, whatever the shift pattern
    assert _code(real, "machine operator, 3 shift, Johor") == "8189"
    # and never across major groups: a bakery line operator is no baker
    assert _code(real, "operator mesin roti (bakery line) Korea") == "8160"


def test_generic_bracket_word_does_not_override_title(real: OccupationNormaliser) -> None:
    # "(helper)" qualifies the dam worker; it is not a domestic helper
    assert _code(real, "Pekerja proyek bendungan (helper)") == "9312"


def test_ssw_trade_and_factory_worker_first_rules(real: OccupationNormaliser) -> None:
    assert _code(real, "SSW kensetsu - kata waku (bekisting)") == "7115"
    assert _code(real, "SSW Kensetsu (建設) – tekkin (rebar)") == "7214"
    assert _code(real, "pekerja pabrik ban") == "9329"  # the product never decides a labourer
    assert _code(real, "SSW chikusan (sapi perah) Hokkaido") == "6121"
    assert _code(real, "Pekerja peternakan ayam (Jepang)") == "9212"
    assert _code(real, "Forestry worker (tree planting) - NZ") == "9215"


_MIXED_SCRIPT = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,;:/()[]+-–'\"!?&%#")
        + list("介護看護工家庭幫傭製造業農業漁業建設溶接縫製特定技能（）・ー")
        + list("제조업농업어업선원요양보호사")
        + list("خادمةسائقطباخمنزلية")
        + list("ąęłńóśźżäöüßéèçñığşø🔥🇹🇼")
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_MIXED_SCRIPT, min_size=1, max_size=8))
def test_any_mixed_script_title_gets_a_valid_row(
    real: OccupationNormaliser, titles: list[str]
) -> None:
    out = real.transform(pd.Series(titles, index=range(10, 10 + len(titles))))
    assert list(out.index) == list(range(10, 10 + len(titles)))
    assert out["status"].isin(["ok", "needs_review", "unknown"]).all()
    assert out["confidence"].between(0.0, 1.0).all()
    coded = out["isco08"].notna()
    assert (out.loc[coded, "isco08"].str.fullmatch(r"\d{4}")).all()
    # a code is given exactly when the status is not unknown
    assert (coded == (out["status"] != "unknown")).all()


def test_review_findings_stay_fixed(real: OccupationNormaliser) -> None:
    def status(title: str) -> str:
        return str(real.transform(pd.Series([title]))["status"].iloc[0])

    # a lone setting word ("factory") is no labourer head: the vague reading stays under review
    assert status("factory cook") == "needs_review"
    # a negation ends at a colon or a dash, and a title that is only a negation keeps its words
    assert _code(real, "no experience needed - welder") == "7212"
    assert _code(real, "tidak ada pengalaman - tukang las") == "7212"
    # dotted abbreviations open a title as well as plain ones
    assert _code(real, "P.L.R.T jaga lansia") == _code(real, "PLRT jaga lansia") == "9111"
    # Arabic short-vowel marks do not hide a word
    assert _code(real, "سَائِق") == _code(real, "سائق") == "8322"


def test_context_rule_first_must_be_boolean(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        'rules:\n  - base: ["5322"]\n    words: [prt]\n    target: "9111"\n    first: "no"\n'
    )
    with pytest.raises(ValueError, match="first must be true or false"):
        load_context_rules(path)
