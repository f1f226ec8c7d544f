/* Stadtkarte Integration: when, computed in the visitor's browser in Europe/Berlin (the site is
 * built nightly, so "today" and "now open" cannot be written into the page).
 *
 * The data (schedule.py: encode) is {"r": [[rule, days, weeks, date, start, end], …], "von", "bis"}:
 * rule "w" weekly (opening hours too), "2w" every second week from date, "m" monthly on the
 * weeks' (1–5, -1 last) weekday, "1" once on date; days 0 = Monday … 6 = Sunday; start/end
 * "HH:MM" or null; von/bis the validity (ISO dates). No data: the time is unknown.
 *
 * Definitions (the filter "Wann", URL zeit=… and abends=1):
 *   jetzt       an occurrence today with start <= now < end;
 *   heute       an occurrence today that has not ended yet;
 *   woche       an occurrence from now until Sunday 24:00 of this week (Monday–Sunday);
 *   wochenende  an occurrence on this week's Saturday or Sunday that has not ended yet;
 *   unbekannt   no dates or opening hours at all (ask the organisation);
 *   abends      an occurrence starting at 17:00 or later (EVENING); with a period chosen, within it.
 * An occurrence without an end lasts two hours from its start (ASSUMED_MINUTES), one without
 * times the whole day (it is then never "jetzt" and never "abends": nobody knows).
 * Every function takes "now" (a Date) explicitly, so tests can fix the clock; wall-clock times
 * are compared in Europe/Berlin (berlin(): the EU summer-time rule, without Intl).
 *
 * window.stadtkarteZeit: berlin(now), occurrences(data, from, to), facets(data, now, chosen),
 * next(data, now), describe(data, now, texts, lang, organisation), upgrade(root, now).
 */
(function () {
  "use strict";
  var DAY_MS = 86400000;
  var EVENING = 17 * 60;
  var ASSUMED_MINUTES = 120;
  var SCAN_DAYS = 400;  // how far ahead the next date is searched (a once-only date next year)
  var PERIODS = ["jetzt", "heute", "woche", "wochenende"];
  var lastTime = null, lastHere = null;

  /* now as Berlin wall-clock: day number (days since 1970-01-01), minutes, weekday (0 = Monday).
   * Computed from the EU summer-time rule (Directive 2000/84/EC: CEST, UTC+2, from the last Sunday
   * of March 01:00 UTC to the last Sunday of October 01:00 UTC; otherwise CET, UTC+1), not through
   * Intl: the first Intl.DateTimeFormat of a page loads the browser's date and time-zone data, a
   * quarter of a second on a phone before the list can answer (ENTWICKLUNG.md "Lighthouse (mobil)"). The
   * browser tests compare this with Intl's Europe/Berlin around both changes of the clock. */
  function lastSunday(year, month) {  // 01:00 UTC on the last Sunday of month (0 = January), in ms
    var last = new Date(Date.UTC(year, month + 1, 0, 1));
    return last.getTime() - last.getUTCDay() * DAY_MS;
  }

  function berlin(now) {
    var time = now.getTime();
    if (time === lastTime) return lastHere;  // a list asks for the same "now" once per card
    var year = new Date(time).getUTCFullYear();
    var summer = time >= lastSunday(year, 2) && time < lastSunday(year, 9);
    var wall = new Date(time + (summer ? 2 : 1) * 3600000);
    var day = Math.floor(wall.getTime() / DAY_MS);
    lastTime = time;
    lastHere = { day: day, minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes(), weekday: weekday(day) };
    return lastHere;
  }

  function weekday(day) { return (day + 3) % 7; }  // 1970-01-01 was a Thursday

  var days = {};  // an ISO date is asked for once per day scanned: remember its day number
  function dayOf(iso) {
    if (!iso) return null;
    if (!(iso in days)) {
      var p = iso.split("-");
      days[iso] = Math.round(Date.UTC(Number(p[0]), Number(p[1]) - 1, Number(p[2])) / DAY_MS);
    }
    return days[iso];
  }

  function minutesOf(text) {
    if (!text) return null;
    var p = text.split(":");
    return Number(p[0]) * 60 + Number(p[1]);
  }

  function takesPlace(rule, day) {
    var code = rule[0], days = rule[1] || [], weeks = rule[2] || [];
    var wd = weekday(day);
    if (code === "1") return dayOf(rule[3]) === day;
    if (days.indexOf(wd) < 0) return false;
    if (code === "w") return true;
    if (code === "2w") {
      var first = dayOf(rule[3]);
      if (first === null) return true;
      if (day < first) return false;
      var weeksApart = Math.round(((day - wd) - (first - weekday(first))) / 7);
      return weeksApart % 2 === 0;
    }
    if (code === "m") {
      var date = new Date(day * DAY_MS);
      var dom = date.getUTCDate();
      var length = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
      var nth = Math.ceil(dom / 7);
      return weeks.indexOf(nth) >= 0 || (weeks.indexOf(-1) >= 0 && dom + 7 > length);
    }
    return false;
  }

  /* every occurrence from day "from" to day "to" (inclusive), in order: {day, start, end} in minutes */
  function occurrences(data, from, to) {
    var found = [];
    if (!data || !data.r) return found;
    var first = Math.max(from, dayOf(data.von) === null ? from : dayOf(data.von));
    var last = Math.min(to, dayOf(data.bis) === null ? to : dayOf(data.bis));
    for (var day = first; day <= last; day++) {
      data.r.forEach(function (rule) {
        if (!takesPlace(rule, day)) return;
        var start = minutesOf(rule[4]);
        var end = minutesOf(rule[5]);
        if (end === null) end = start === null ? 24 * 60 : Math.min(start + ASSUMED_MINUTES, 24 * 60);
        else if (start !== null && end <= start) end = 24 * 60;  // past midnight: until the day ends
        found.push({ day: day, start: start, end: end });
      });
    }
    found.sort(function (a, b) { return a.day - b.day || (a.start || 0) - (b.start || 0); });
    return found;
  }

  function ended(occ, here) {
    return occ.day < here.day || (occ.day === here.day && occ.end <= here.minutes);
  }

  function running(occ, here) {
    return occ.day === here.day && occ.start !== null && occ.start <= here.minutes && here.minutes < occ.end;
  }

  function inPeriod(occ, period, here) {
    var sunday = here.day + 6 - here.weekday;
    if (ended(occ, here)) return false;
    if (period === "jetzt") return running(occ, here);
    if (period === "heute") return occ.day === here.day;
    if (period === "woche") return occ.day <= sunday;
    if (period === "wochenende") return occ.day <= sunday && occ.day >= sunday - 1;
    return false;
  }

  function evening(occ) { return occ.start !== null && occ.start >= EVENING; }

  /* the values of the facets zeit and abends this entry has, given what else is chosen:
   * with abends chosen only evening occurrences count for the periods, and with periods
   * chosen only occurrences in them count for abends ("heute abends" is one occurrence). */
  function facets(data, now, chosen) {
    if (!data || !data.r || !data.r.length) return { zeit: ["unbekannt"], abends: [] };
    chosen = chosen || {};
    var here = berlin(now);
    var periods = (chosen.zeit || []).filter(function (p) { return PERIODS.indexOf(p) >= 0; });
    var onlyEvening = (chosen.abends || []).indexOf("1") >= 0;
    var sunday = here.day + 6 - here.weekday;
    var week = occurrences(data, here.day, sunday);
    var zeit = PERIODS.filter(function (period) {
      return week.some(function (occ) { return (!onlyEvening || evening(occ)) && inPeriod(occ, period, here); });
    });
    if (periods.length) {
      var pool = week.filter(function (occ) {
        return periods.some(function (period) { return inPeriod(occ, period, here); });
      });
      return { zeit: zeit, abends: pool.some(evening) ? ["1"] : [] };
    }
    return { zeit: zeit, abends: eveningAhead(data, here) ? ["1"] : [] };
  }

  /* an occurrence in the evening that has not ended, up to SCAN_DAYS ahead. The same answer as
   * scanning all those days, found cheaply: no rule starting at 17:00 or later, no evening at all
   * (most entries); else six weeks hold every weekly, fortnightly and monthly rule; only a later
   * date (once only, or a period that starts later) needs the whole scan. On a map of thousands
   * of entries this runs for each of them whenever the filters change. */
  function eveningAhead(data, here) {
    if (!data.r.some(function (rule) { var start = minutesOf(rule[4]); return start !== null && start >= EVENING; })) {
      return false;
    }
    var open = function (occ) { return evening(occ) && !ended(occ, here); };
    return occurrences(data, here.day, here.day + 42).some(open) ||
      occurrences(data, here.day + 43, here.day + SCAN_DAYS).some(open);
  }

  /* the next occurrence that has not ended (a running one included), or null */
  function next(data, now) {
    if (!data || !data.r) return null;
    var here = berlin(now);
    for (var start = here.day; start <= here.day + SCAN_DAYS; start += 31) {
      var found = occurrences(data, start, Math.min(start + 30, here.day + SCAN_DAYS))
        .filter(function (occ) { return !ended(occ, here); });
      if (found.length) {
        found[0].running = running(found[0], here);
        return found[0];
      }
    }
    return null;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  /* one formatter per language and kind: making an Intl formatter costs far more than using it
     (a list of 70 cards made 140 of them at every start). German, the site's first language,
     needs none: "18:05" and "5.12." are written here exactly as Intl writes them for "de" (the
     first Intl formatter of a page costs a phone a quarter of a second; a browser test compares
     both over every minute of a day and every day of a year). */
  var formatters = {};
  function formatter(lang, kind) {
    var key = lang + " " + kind;
    if (!formatters[key]) {
      /* the Gregorian calendar, Latin digits and 24 hours in every language, as the texts made at
         build time (Babel: "02/01/2027", "9:30–12"): Intl's "fa" would write the Iranian
         calendar in Persian digits ("۱۰/۱۲" for 2 January), "en" "06:05 PM" (README "Sprachen") */
      formatters[key] = new Intl.DateTimeFormat(lang, kind === "time"
        ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23", calendar: "gregory", numberingSystem: "latn", timeZone: "UTC" }
        : { day: "numeric", month: "numeric", calendar: "gregory", numberingSystem: "latn", timeZone: "UTC" });
    }
    return formatters[key];
  }

  /* in a right-to-left page a time keeps its order ("18:05", not "05:18") and a date its own
     direction: Unicode isolates, as the texts made at build time (stadtkarte.bidi) */
  var LRI = "\u2066", FSI = "\u2068", PDI = "\u2069";
  function isolated(text, mark) {
    return document.documentElement.dir === "rtl" ? mark + text + PDI : text;
  }

  function german(lang) { return lang === "de" || lang.slice(0, 3) === "de-"; }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function formatTime(minutes, lang) {
    if (german(lang)) return two(Math.floor(minutes / 60)) + ":" + two(minutes % 60);
    return formatter(lang, "time").format(new Date(Date.UTC(2000, 0, 1, Math.floor(minutes / 60), minutes % 60)));
  }

  function formatDate(day, lang) {
    var date = new Date(day * DAY_MS);
    if (german(lang)) return date.getUTCDate() + "." + (date.getUTCMonth() + 1) + ".";
    return formatter(lang, "date").format(date);
  }

  /* "Heute 18:00", "Morgen 10:00", "Do 15:00", "Sa 5.12., 10:00", "Jetzt geöffnet, bis 12:00";
   * dated: always with the date ("Mi 2.12., 10:00", the start of what runs now), for paper,
   * where "Morgen" is wrong the next day */
  function describe(data, now, texts, lang, organisation, dated) {
    var occ = next(data, now);
    if (!occ) return null;
    var here = berlin(now);
    if (occ.running && !(dated && occ.start !== null)) {
      return fill(organisation ? texts.now_open : texts.now_running, { end: isolated(formatTime(occ.end % (24 * 60), lang), LRI) });
    }
    var values = {
      time: occ.start === null ? "" : isolated(formatTime(occ.start, lang), LRI),
      weekday: texts.weekdays[weekday(occ.day)],
      date: isolated(formatDate(occ.day, lang), FSI)
    };
    var timed = occ.start !== null;
    if (dated) return fill(timed ? texts.date : texts.date_day, values);
    if (occ.day === here.day) return fill(timed ? texts.today : texts.today_day, values);
    if (occ.day === here.day + 1) return fill(timed ? texts.tomorrow : texts.tomorrow_day, values);
    if (occ.day < here.day + 7) return fill(timed ? texts.weekday : "{weekday}", values);
    return fill(timed ? texts.date : texts.date_day, values);
  }

  /* every card under root with data: the next date before the rule ("Heute 18:00 · Mo 18–19:30 Uhr");
   * print.css prints the dated form instead (data-sk-print: "Di 1.12., 18:00") */
  function upgrade(root, now) {
    Array.prototype.slice.call((root || document).querySelectorAll("[data-sk-zeit-texts]")).forEach(function (list) {
      var texts = JSON.parse(list.getAttribute("data-sk-zeit-texts"));
      var lang = document.documentElement.lang || "de";
      Array.prototype.slice.call(list.querySelectorAll("[data-sk-zeit]")).forEach(function (card) {
        var target = card.querySelector("[data-sk-when]");
        if (!target) return;
        var data = JSON.parse(card.getAttribute("data-sk-zeit")), at = now || new Date();
        var organisation = (card.getAttribute("data-sk-id") || "").charAt(0) === "o";
        var text = describe(data, at, texts, lang, organisation);
        var rule = target.getAttribute("data-sk-rule");
        target.textContent = "";
        if (text) {
          var strong = document.createElement("strong");
          strong.className = "sk-next";
          strong.setAttribute("data-sk-print", describe(data, at, texts, lang, organisation, true));
          strong.appendChild(document.createElement("span")).textContent = text;
          target.appendChild(strong);
          target.appendChild(document.createTextNode(" · "));
        }
        var span = document.createElement("span");
        span.className = "sk-rule";
        span.textContent = rule;
        target.appendChild(span);
      });
    });
  }

  window.stadtkarteZeit = {
    EVENING: EVENING, PERIODS: PERIODS, berlin: berlin, occurrences: occurrences, facets: facets, next: next,
    describe: describe, upgrade: upgrade, formatTime: formatTime, formatDate: formatDate
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { upgrade(); });
  else upgrade();
})();
