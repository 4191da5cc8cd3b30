// What a report states once and means for every event after it: the last step of the event
// stage, run after every sentence is coded.
//
//   - Dates: an event whose sentence gives no date ("Abiy later hosted him for talks") takes the
//     date of the latest event before it, at most two sentences back, that shares one of its
//     countries and had a date of its own ("Ruto arrived in Addis Ababa on Tuesday"). Its
//     `date_text` then quotes the words that gave the date.
//   - Places: likewise from an earlier event's place; failing that, the dateline's place
//     ("N'DJAMENA, Oct. 8 (Meridian) —") when the dateline's country is one of the event's
//     countries: the report was filed where one side is.
//   - Located actors: a side named only by what it is ("protesters", "police", "displaced
//     families", "the government in Port Sudan") takes the country of the event's place. Not
//     refugees, and not international or non-governmental bodies, whose place says nothing of
//     their country. Nor weapons ("a drone attack on a hospital in El Fasher"): a weapon that
//     no place or country is named for is no side at all.
// Nothing here overrides what the sentence itself said.
#pragma once

#include <string_view>

#include "chronicle/document.h"

namespace chronicle::events {

void carry_document_context(const Document& document, Analysis& analysis);

// Do an actor mention's words end in a weapon ("drones", "a Shahed drone", "missiles",
// "artillery", "warplanes")? A weapon
// is the means of an event, not who did it.
bool names_a_weapon(std::string_view text);

}  // namespace chronicle::events
