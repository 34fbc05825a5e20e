"""English sentence templates for the training-data generator.

Slots: {D} giver, {A}/{A1}/{A2} pledged money, {Q} pledged in-kind quantity,
{R}/{R1}/{R2} recipient, {P} purpose, {X} a look-alike amount (not a pledge),
{QX} a look-alike quantity, {AREP} the pledged amount said again (same record);
{V}/{Vb}/{Vpp} a giving verb (past / base / participle), {it} the giver's
pronoun, {ANA} an anaphor for the giver ("The company", "She"), {DESC} an
apposition, {C}/{O} other organisations, {G} a government, {PERSON}, {PLACE},
{DAY}, {CLUB}.  A template is a list of sentences (an event); records are
derived from the slots by generate.py.
"""
from __future__ import annotations

VERBS_TO = [("pledged", "pledge", "pledged"), ("donated", "donate", "donated"), ("gave", "give", "given"),
            ("contributed", "contribute", "contributed"), ("committed", "commit", "committed"),
            ("granted", "grant", "granted"), ("promised", "promise", "promised"), ("handed", "hand", "handed")]

POSITIVE = [
    ["{D} {V} {A} to {R} {P}."],
    ["{D} said {DAY} {it} had {Vpp} {A} to {R}."],
    ["{D} will {Vb} {A} to {R} {P}, according to a statement."],
    ["{D}, {DESC}, {V} {A} to {R}."],
    ["{A} has been {Vpp} to {R} by {D}."],
    ["{R} will receive {A} from {D} {P}."],
    ["{D} announced a {A} donation to {R} {P}."],
    ["{D} has earmarked {A} for {R}."],
    ["A grant of {A} from {D} will go to {R}."],
    ["In a statement {DAY}, {D} said {it} would contribute {A} towards {R}."],
    ["{R} will benefit from a {A} gift by {D}."],
    ["{D} is providing {A} in free advertising credits to {R}."],
    ["{D} {V} {A} {P}."],
    ["{D} set aside {A} {P}."],
    ["The {A} pledged by {D} will be used {P}."],
    ["{D} has promised {A} to {R} over the next three years."],
    ["{D} said {it} would donate {A} to {R} {P}, adding that staff would volunteer their time."],
    ["Under the agreement, {D} will provide {A} to {R} {P}."],
    ["{D} made a donation of {A} to {R}."],
    ["{D}'s donation of {A} to {R} was announced {DAY}."],
    ["{D} allocated {A} to support {R}."],
    ["{DAY_CAP}, {D} {V} {A} to {R}, the largest gift in its history."],
    ["Funding of {A} from {D} will help {R} {P}."],
    ["{D} is giving {A} to {R}, {it} said {DAY}."],
    ["{D} became the latest donor to {R}, pledging {A} {P}."],
    ["{D} said {it} was donating {A} {P}."],
    ["{D} will contribute {A} to {R} as part of its response to the crisis."],
    ["The money, {A} in total, was donated by {D} to {R}."],
    ["{D} pledged to give {A} to {R} {P}."],
    ["A further {A} was committed by {D} to {R}."],
]
# two-sentence events: the giver is named first, then referred to
ANAPHOR = [
    ["{D}, {DESC}, {INTRO}.", "{ANA} {V} {A} to {R} {P}."],
    ["{D} {INTRO}.", "{ANA} also {V} {A} to {R}."],
    ["{D} {INTRO}.", "{ANA} said {it_l} would {Vb} {A} {P}."],
    ["{D} {INTRO}.", "In addition, {ANA_l} has {Vpp} {A} to {R}."],
    ["{D} {INTRO}.", "{ANA} will also provide {A} to {R} {P}, {it_l} said."],
]
INTRO = ["announced a package of measures to support the region {DAY}", "said {it} was stepping up its response to the crisis",
         "held talks with officials in {PLACE} {DAY}", "has been active in the region for two decades",
         "joined a growing list of donors {DAY}", "unveiled a new relief programme"]
IN_KIND = [
    ["{D} {V} {Q} to {R} {P}."],
    ["{D} will distribute {Q} to {R}."],
    ["{D} has donated {Q} to {R} free of charge."],
    ["{Q} were donated to {R} by {D}."],
    ["{D} said {it} would give {Q} to {R} {P}."],
    ["{D} delivered {Q} to {R} as a gift."],
]
PARTS = [
    ["{D} {V} {A}, including {A1} for {R1} and {A2} for {R2}."],
    ["{D} {V} {A} to {R}: {A1} in cash and {A2} in medical supplies."],
    ["{D} {V} {A1} to {R1} and {A2} to {R2}."],
    ["{D} will give {A1} to {R1}, and a further {A2} to {R2}."],
]
UP_TO = [
    ["{D} pledged {A} to {R} {P}."],
    ["{D} will match donations to {R} with {A}."],
    ["{D} said {it} would donate {A} to {R}."],
]
PER_YEAR = [
    ["{D} pledged {A} a year to {R} for the next five years."],
    ["{D} committed {A} annually to {R} {P}."],
]
DISTRACTOR = [
    ["{D}, which reported revenue of {X} last year, {V} {A} to {R}."],
    ["{D} {V} {A} to {R}, a week after it agreed to buy {O} for {X}."],
    ["{D} {V} {A} to {R}, while {O} announced plans to invest {X} in the region."],
    ["The United Nations had appealed for {X}; {D} responded by pledging {A} to {R}."],
]
MULTI = [  # several givers in one sentence: {D}/{A1}, {D2}/{A2}, {D3}/{A3}
    ["{D} pledged {A1} and {D2} {A2}, while {D3} promised {A3}."],
    ["{D} committed {A1}, {D2} {A2} and {D3} {A3}."],
    ["Among the donors, {D} gave {A1} and {D2} contributed {A2}."],
    ["{D} ({A1}), {D2} ({A2}) and {D3} ({A3}) were among the largest donors."],
    ["{D} will give {A1}; {D2} has pledged {A2}."],
]
REPEAT = ["The {AREP} donation will be used {P}.", "{PERSON} said the {AREP} would be distributed in the coming weeks.",
          "The {AREP} gift was welcomed by aid groups."]
HEADLINE = ["{DSHORT} pledges {A} to help {HR}", "{DSHORT} donates {A} for relief", "{A} gift from {DSHORT}",
            "{DSHORT} steps up support for {HR}", "Donors rally behind {HR}"]

NEGATIVE = [
    ("revenue", "{C} reported revenue of {X} for the first quarter, up 12 percent from a year earlier."),
    ("revenue", "Sales at {C} rose to {X} last year."),
    ("profit", "{C} posted a net profit of {X} in 2019."),
    ("invest", "{C} plans to invest {X} in a new plant in {PLACE}."),
    ("invest", "The investment of {X} by {C} will create 2,000 jobs."),
    ("acquisition", "{C} agreed to buy {O} for {X} in cash."),
    ("acquisition", "{C} completed its {X} acquisition of {O} {DAY}."),
    ("loan", "The World Bank approved a {X} loan to {PLACE} to finance road projects."),
    ("loan", "{C} lent {X} to {O} to refinance its debt."),
    ("loan", "{G} will provide {X} in low-interest loans to small businesses."),
    ("price", "Each ventilator costs {X}."),
    ("price", "Tickets for the charity gala are priced at {X} each."),
    ("sponsorship", "{C} signed a {X} sponsorship deal with {CLUB}."),
    ("salary", "{PERSON} earns an annual salary of {X}."),
    ("fine", "Regulators fined {C} {X} over the data breach."),
    ("public", "Members of the public have donated {X} to the appeal since it opened."),
    ("public", "The crowdfunding campaign has raised {X} from thousands of individual donors."),
    ("public", "Ordinary citizens gave {X} through text messages and online donations."),
    ("fund_total", "The fund has so far raised {X}, its organisers said."),
    ("fund_total", "The latest contributions bring the total raised by the appeal to {X}."),
    ("rate", "{G} provides {X} a year in development aid."),
    ("rate", "The agency spends {X} a year on its programmes in {PLACE}."),
    ("call", "The United Nations has appealed for {X} to help {R}."),
    ("call", "Aid agencies say {X} is needed to rebuild the area."),
    ("call", "{PERSON} called on wealthy nations to contribute {X} to the fund."),
    ("proposal", "Lawmakers proposed a {X} relief package that has yet to be approved."),
    ("budget", "The ministry's budget for next year stands at {X}."),
    ("value", "{C} is now valued at {X}."),
    ("loss", "The damage from the floods is estimated at {X}."),
    ("cost", "Officials said reconstruction would cost {X}."),
    ("tax", "{C} paid {X} in taxes last year."),
    ("dividend", "{C} will pay shareholders a dividend of {X}."),
    ("contract", "{C} won a {X} contract to build a hospital in {PLACE}."),
    ("inkind", "The factory produces {QX} a day."),
    ("inkind", "{C} sold {QX} to hospitals in the region."),
    ("inkind", "Hospitals in {PLACE} still need {QX}, officials said."),
    ("bond", "{G} raised {X} from a bond sale {DAY}."),
    ("compensation", "{C} agreed to pay {X} in compensation to former employees."),
    ("benefit", "Each family will receive {X} under the scheme."),
    ("benefit", "Eligible businesses can apply for grants of {X} each."),
    ("benefit", "Every student will get a stipend of {X} a month."),
    ("funding_round", "{C} raised {X} in its latest funding round."),
    ("ipo", "{O} raised {X} in its stock market debut {DAY}."),
    ("debt", "{G} owes {X} to foreign creditors."),
    ("spend", "{G} has spent {X} on its own vaccination campaign so far."),
    ("stimulus", "{G} approved a {X} stimulus package for local businesses."),
    ("sale", "{PERSON} sold a stake in {O} for {X} last year."),
    ("sale", "{PERSON}, who sold {O} for {X} in 2015, sits on several boards."),
    ("wealth", "{PERSON} has an estimated fortune of {X}."),
]
FILLER = [
    "The pandemic has put heavy pressure on health systems across the region.",
    "\"This is a critical moment for our communities,\" said {PERSON}, a spokesperson for {R}.",
    "The announcement comes as cases continue to rise in {PLACE}.",
    "{O} employs more than 5,000 people in the region.",
    "Officials said the first shipments would arrive next week.",
    "The move was welcomed by aid groups.",
    "Thousands of families have been displaced by the fighting in {PLACE}.",
    "The company did not disclose further details.",
    "Donations can be made through the organisation's website.",
    "\"We hope others will follow,\" {PERSON} told reporters.",
    "Heavy rains have destroyed homes and roads in {PLACE} since March.",
    "{PERSON}, who chairs the relief committee, thanked the donors.",
]
