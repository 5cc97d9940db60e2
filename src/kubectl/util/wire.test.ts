import { describe, expect, it } from "vitest";
import { keepsAlive, looksLikeHttp, readCommand, readRequest, writeReply, writeResponse } from "./wire.js";

describe("HTTP over a forwarded socket", () => {
  it("reads a request once its head and body are whole, leaving what follows", () => {
    const raw = "POST /x?a=1 HTTP/1.1\r\nHost: localhost:8080\r\nContent-Length: 2\r\n\r\nhiGET";
    expect(readRequest(Buffer.from(raw.slice(0, 20)))).toBeUndefined();
    expect(readRequest(Buffer.from(raw.slice(0, raw.length - 4)))).toBeUndefined();
    const r = readRequest(Buffer.from(raw));
    if (!r || r === "bad") throw new Error("not read");
    expect(r.req).toEqual({
      method: "POST",
      target: "/x?a=1",
      version: "HTTP/1.1",
      headers: [
        ["Host", "localhost:8080"],
        ["Content-Length", "2"],
      ],
      body: "hi",
    });
    expect(r.rest.toString()).toBe("GET");
    expect(readRequest(Buffer.from("HELLO\r\n\r\n"))).toBe("bad");
  });

  it("tells HTTP from a line protocol by the first bytes", () => {
    expect(looksLikeHttp(Buffer.from("GET / HTTP/1.1\r\n"))).toBe(true);
    expect(looksLikeHttp(Buffer.from("*1\r\n$4\r\nPING\r\n"))).toBe(false);
  });

  it("writes the model's answer, adding a length it lacks; HTTP/0.9 is the body alone", () => {
    const res = { status: 200, reason: "OK", headers: [["Server", "x"]] as [string, string][], body: "é" };
    expect(writeResponse(res, "GET").toString()).toBe(
      "HTTP/1.1 200 OK\r\nServer: x\r\nContent-Length: 2\r\n\r\né",
    );
    expect(writeResponse({ ...res, version: "HTTP/0.9" }, "GET").toString()).toBe("é");
    const req = { method: "GET", target: "/", version: "HTTP/1.1" as const, headers: [], body: "" };
    expect(keepsAlive(req, res)).toBe(true);
    expect(keepsAlive({ ...req, headers: [["Connection", "close"]] }, res)).toBe(false);
  });
});

describe("RESP over a forwarded socket", () => {
  it("reads multibulk and inline commands, and writes each reply type", () => {
    const r = readCommand(Buffer.from("*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\nPING\r\n"));
    if (!r || r === "bad") throw new Error("not read");
    expect(r.argv).toEqual(["ECHO", "hi"]);
    const inline = readCommand(r.rest);
    if (!inline || inline === "bad") throw new Error("not read");
    expect(inline.argv).toEqual(["PING"]);
    expect(readCommand(Buffer.from("*1\r\n$4\r\nPI"))).toBeUndefined();
    expect(writeReply({ kind: "status", text: "PONG" }).toString()).toBe("+PONG\r\n");
    expect(writeReply({ kind: "bulk", text: "hi" }).toString()).toBe("$2\r\nhi\r\n");
    expect(writeReply({ kind: "nil" }).toString()).toBe("$-1\r\n");
    expect(writeReply({ kind: "integer", value: 3 }).toString()).toBe(":3\r\n");
    expect(writeReply({ kind: "error", text: "ERR x" }).toString()).toBe("-ERR x\r\n");
  });
});
