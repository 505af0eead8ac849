// Random play of an ink story with inkjs, for benchmarks/inkjs.py: whole playthroughs with
// every line of text and every choice's text made, a choice drawn at random at each one.
//
//   node play.js STORY.ink GAMES REPEAT
//
// prints {"rates": [...], "chars": N}: playthroughs a second of each repetition, after one
// unmeasured game, and the characters of text the last game made.
"use strict";
const fs = require("fs");
const { Compiler } = require("inkjs/full");

const [source, games, repeat] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const story = new Compiler(fs.readFileSync(source, "utf8")).Compile();

let seed = 1;
function below(n) {
  // A small linear congruential generator: the same draws at every run.
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
}

function game() {
  story.ResetState();
  let chars = 0;
  for (;;) {
    while (story.canContinue) {
      chars += story.Continue().length;
    }
    const choices = story.currentChoices;
    if (choices.length === 0) {
      return chars;
    }
    for (const choice of choices) {
      chars += choice.text.length;
    }
    story.ChooseChoiceIndex(below(choices.length));
  }
}

let chars = game();
const rates = [];
for (let r = 0; r < repeat; r++) {
  const start = process.hrtime.bigint();
  for (let g = 0; g < games; g++) {
    chars = game();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  rates.push(games / seconds);
}
process.stdout.write(JSON.stringify({ rates, chars }) + "\n");
