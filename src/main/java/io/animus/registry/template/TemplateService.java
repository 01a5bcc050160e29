package io.animus.registry.template;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.identity.CurrentUser;
import io.animus.registry.web.ETags;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.quarkus.panache.common.Sort;

/** Defines, replaces and deletes templates, each checked by {@link TemplateRules} before it is stored. */
@ApplicationScoped
public class TemplateService {

    @Inject
    ObjectMapper mapper;

    @Inject
    TemplateRules rules;

    @Inject
    CurrentUser currentUser;

    public Page<TemplateResponse> list(TemplateKind kind, PageRequest page) {
        return Page.of(kind == null ? Template.<Template> findAll(Sort.by("id")) : Template.<Template> find("kind", Sort.by("id"), kind),
                page, this::show);
    }

    public Optional<Template> find(int id) {
        return Template.findByIdOptional(id);
    }

    @Transactional
    public Template create(TemplateRequest request) {
        rules.check(request);
        refuseTakenName(request.name(), null);
        Template template = new Template();
        assign(template, request);
        template.createdBy = currentUser.reference();
        template.persistAndFlush();
        return template;
    }

    @Transactional
    public Template update(int id, TemplateRequest request, String ifMatch) {
        Template template = lock(id);
        ETags.checkIfMatch(ifMatch, template.updatedAt);
        rules.check(request);
        refuseTakenName(request.name(), id);
        assign(template, request);
        template.persistAndFlush();
        return template;
    }

    @Transactional
    public void delete(int id, String ifMatch) {
        Template template = lock(id);
        ETags.checkIfMatch(ifMatch, template.updatedAt);
        template.delete();
    }

    /** The template as {@code GET} shows it. */
    public TemplateResponse show(Template template) {
        return TemplateResponse.from(template, definition(template));
    }

    /** What the stored template says, read back into the records it was written from. */
    TemplateRequest definition(Template template) {
        try {
            return new TemplateRequest(template.name, template.description, template.kind,
                    listOf(TemplateParameter.class, template.parameters), (ObjectNode) template.fields,
                    listOf(TemplateSetting.class, template.settings), listOf(TemplateToolInstance.class, template.toolInstances));
        } catch (IOException e) {
            throw new IllegalStateException("Template " + template.id + " is stored in a form this registry cannot read", e);
        }
    }

    /** A stored JSON array read as a list of records (a list, not an array: no array class to register for a native image). */
    private <T> List<T> listOf(Class<T> type, JsonNode array) throws IOException {
        return mapper.readerForListOf(type).readValue(array);
    }

    Template lock(int id) {
        Template template = Template.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (template == null) {
            throw ProblemException.notFound("No template " + id);
        }
        return template;
    }

    private void assign(Template template, TemplateRequest request) {
        template.name = request.name().strip();
        template.description = request.description();
        template.kind = request.kind();
        template.parameters = mapper.valueToTree(request.parametersOrEmpty());
        template.fields = request.fields();
        template.settings = mapper.valueToTree(request.settingsOrEmpty());
        template.toolInstances = mapper.valueToTree(request.toolInstancesOrEmpty());
    }

    /** A clear 409 for a name in use; the unique constraint still decides between two concurrent requests. */
    private static void refuseTakenName(String name, Integer self) {
        Template.findByName(name.strip()).filter(other -> !other.id.equals(self)).ifPresent(other -> {
            throw ProblemException.conflict("A template named '" + name.strip() + "' already exists (template " + other.id + ")");
        });
    }
}
