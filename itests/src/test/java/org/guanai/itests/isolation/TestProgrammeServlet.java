package org.guanai.itests.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The routes of the test programme: {@code hello}, {@code boom} (throws), {@code slow?release=<file>} (waits for it). */
final class TestProgrammeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The longest a slow request waits for its file, so that a failing test never leaves threads behind for long. */
    private static final long MAX_WAIT_MS = 90_000;

    private final String id;

    TestProgrammeServlet(String id) {
        this.id = id;
    }

    @Override
    protected void doGet(HttpServletRequest rq, HttpServletResponse rs) throws IOException {
        String what = rq.getPathInfo() == null ? "" : rq.getPathInfo();
        switch (what) {
            case "/hello" -> answer(rs, "{\"hello\":\"" + id + "\"}");
            case "/boom" -> throw new IllegalStateException("boom in programme " + id);
            case "/slow" -> {
                Path release = Path.of(rq.getParameter("release"));
                long deadline = System.currentTimeMillis() + MAX_WAIT_MS;
                while (!Files.exists(release) && System.currentTimeMillis() < deadline) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                answer(rs, "{\"slow\":\"" + id + "\"}");
            }
            default -> rs.sendError(404);
        }
    }

    private static void answer(HttpServletResponse rs, String json) throws IOException {
        rs.setContentType("application/json;charset=UTF-8");
        rs.getWriter().write(json);
    }
}
